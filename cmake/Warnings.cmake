# Warnings and sanitizers as interface targets, linked PRIVATE by our own targets only.
add_library(rassegna_warnings INTERFACE)
target_compile_options(rassegna_warnings INTERFACE -Wall -Wextra -Wpedantic $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
                       -Wnon-virtual-dtor -Wno-unused-parameter)

# RASSEGNA_SANITIZE: OFF, ON or address (AddressSanitizer + UndefinedBehaviorSanitizer), thread
# (ThreadSanitizer), fuzzer (libFuzzer coverage + ASan/UBSan, with clang; see fuzz/). Every report
# stops the program (make test-asan, make test-tsan, make fuzz).
set(RASSEGNA_SANITIZE OFF CACHE STRING "Sanitizers: OFF, address (= ON), thread or fuzzer")
add_library(rassegna_sanitizers INTERFACE)
if(RASSEGNA_SANITIZE STREQUAL "thread")
  target_compile_options(rassegna_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(rassegna_sanitizers INTERFACE -fsanitize=thread)
elseif(RASSEGNA_SANITIZE STREQUAL "fuzzer")
  target_compile_options(rassegna_sanitizers INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                         -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(rassegna_sanitizers INTERFACE -fsanitize=address,undefined)
elseif(RASSEGNA_SANITIZE)
  target_compile_options(rassegna_sanitizers INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                         -fno-omit-frame-pointer)
  target_link_options(rassegna_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
