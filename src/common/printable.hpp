#pragma once
// Text from a server (a form's action, a page's words, a URL) on its way to
// a terminal, a report or a log: control characters and escape sequences
// would let a hostile page move the cursor, rewrite lines already printed or
// change the terminal's title. They are written out as \xNN instead, and the
// text is cut at a length a line can show.
#include <string>
#include <string_view>

namespace rollcall {

std::string printable(std::string_view text, std::size_t max_bytes = 300);

}  // namespace rollcall
