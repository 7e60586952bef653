# Warnings and sanitizers as interface targets, linked PRIVATE by our own targets only.
add_library(rassegna_warnings INTERFACE)
target_compile_options(rassegna_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local
                       -Wnon-virtual-dtor -Wno-unused-parameter)

option(RASSEGNA_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
add_library(rassegna_sanitizers INTERFACE)
if(RASSEGNA_SANITIZE)
  target_compile_options(rassegna_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(rassegna_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
