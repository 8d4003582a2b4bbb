#include <catch2/catch.hpp>

#include "common/printable.hpp"

using rollcall::printable;

TEST_CASE("server text is printable: controls and escape sequences are written out, long text is cut") {
  CHECK(printable("portal: Bonjour élève") == "portal: Bonjour élève");
  CHECK(printable("a\x1b[2J\x1b]0;owned\x07z") == "a\\x1b[2J\\x1b]0;owned\\x07z");
  CHECK(printable("line\r\nnext\ttab") == "line\\x0d\\x0anext\\x09tab");
  CHECK(printable("csi \xc2\x9b" "2J") == "csi \\u009b2J");
  CHECK(printable(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(printable(std::string(1000, 'a'), 10) == "aaaaaaaaaa...");
}
