// The project error type: a code, a message, and optionally the parameter at fault.
#include <gtest/gtest.h>
#include <string>

#include <rassegna/error.h>

namespace rassegna {
namespace {

TEST(Error, WithoutAParameter) {
  Error e(ErrorCode::not_found, "no article with id 'x'");
  EXPECT_EQ(e.code(), ErrorCode::not_found);
  EXPECT_STREQ(e.what(), "no article with id 'x'");
  EXPECT_TRUE(e.param().empty());
  EXPECT_STREQ(e.message(), "no article with id 'x'");
}

TEST(Error, NamesItsParameter) {
  Error e(ErrorCode::invalid_argument, "from", "'ieri' is not a date");
  EXPECT_STREQ(e.what(), "from: 'ieri' is not a date");
  EXPECT_EQ(e.param(), "from");
  EXPECT_STREQ(e.message(), "'ieri' is not a date");
  Error copy = e;  // views into what() survive copies
  EXPECT_EQ(copy.param(), "from");
  EXPECT_STREQ(copy.message(), "'ieri' is not a date");
}

TEST(Error, CodeNames) {
  EXPECT_STREQ(error_code_name(ErrorCode::invalid_argument), "invalid_argument");
  EXPECT_STREQ(error_code_name(ErrorCode::io_error), "io_error");
  EXPECT_STREQ(error_code_name(ErrorCode::internal), "internal");
}

}  // namespace
}  // namespace rassegna
