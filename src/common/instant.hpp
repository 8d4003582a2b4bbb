#pragma once
// Instants as people and servers write them: RFC 3339 or Unix seconds for
// --start-at (every machine of a distributed run is given the same text),
// and the HTTP Date header (RFC 9110: IMF-fixdate, and the two obsolete
// forms a recipient must still read), whose one-second stamp is how a
// generator compares its clock with the target's.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rollcall {

// Seconds since the epoch (UTC), from the system clock.
double epoch_now();

// "2026-12-05T08:30:00Z", "2026-12-05T09:30:00+01:00", "2026-12-05T08:30:00.5Z"
// (a 't', 'z' or a space for the 'T' are accepted, as RFC 3339 allows), or
// Unix seconds "1796459400", "1796459400.25". nullopt with `problem` set to
// one sentence on anything else: a time without its offset (whose zone
// would be the machine's, and machines of one run may differ), an
// impossible date, a number in milliseconds, a number before 2001.
std::optional<double> parse_instant(std::string_view text, std::string& problem);

// RFC 3339 in UTC, milliseconds shown only when there are some:
// "2026-12-05T08:30:00Z", "2026-12-05T08:30:00.250Z".
std::string format_rfc3339(double epoch_s);

// An HTTP date (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850
// "Sunday, 06-Nov-94 08:49:37 GMT", asctime "Sun Nov  6 08:49:37 1994");
// nullopt when it is none of them.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// IMF-fixdate: "Sat, 05 Dec 2026 08:30:00 GMT".
std::string format_http_date(std::int64_t epoch_s);

}  // namespace rollcall
