#pragma once
// Escaping for the XML and HTML rollcall writes (junit.xml, report.html).
#include <string>
#include <string_view>

namespace rollcall::report {

// & < > " ' as entities; control characters other than tab, LF and CR,
// which XML 1.0 cannot carry at all, become U+FFFD; invalid UTF-8 bytes too.
std::string xml_escape(std::string_view text);

}  // namespace rollcall::report
