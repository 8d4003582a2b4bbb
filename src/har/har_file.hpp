#pragma once
// A browser's recording of a journey (HAR 1.2, as Chrome's and Firefox's
// developer tools save it), read into the entries the importer needs, or
// refused with one sentence saying what was expected. Nothing here
// interprets the journey: that is journey_shape and correlation.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rollcall::har {

// A HAR file that cannot be imported. what() is one sentence, without the
// file's name (the command puts it in front), never quoting a value.
class HarError : public std::runtime_error {
 public:
  explicit HarError(const std::string& message) : std::runtime_error(message) {}
};

// Files above this are refused before they are read: a login recorded with
// its pages and API calls is a few megabytes, and Boost.JSON's tree costs
// several times the text. A recording this large holds a whole session
// with its videos; record the login alone.
inline constexpr std::size_t max_har_bytes = 100 * 1024 * 1024;

using NameValue = std::pair<std::string, std::string>;

struct Entry {
  std::size_t index = 0;     // position in the file's entries, 0-based
  double start_ms = 0;       // startedDateTime, milliseconds since the epoch
  double time_ms = 0;        // the exchange's total time (0 when not given)
  std::string method;        // upper case
  std::string url;           // absolute, as recorded
  std::vector<NameValue> request_headers;
  std::vector<NameValue> request_cookies;   // names and values (Chrome's sanitized export has none)
  std::string post_mime;     // postData.mimeType, lower case, parameters dropped
  std::string post_text;     // postData.text
  std::vector<NameValue> post_params;  // postData.params, or post_text split when form-encoded
  int status = 0;
  std::vector<NameValue> response_headers;
  std::vector<NameValue> response_cookies;
  std::string mime;          // response content.mimeType, lower case, parameters dropped
  std::string body;          // response content.text, decoded from base64 when so encoded
  std::string redirect_url;  // redirectURL, or the Location header
  // Chrome's _resourceType ("document", "xhr", "fetch", "script", ...), or
  // for other browsers the same guessed from Sec-Fetch-Dest, Accept and
  // the answer's type.
  std::string resource_type;

  double end_ms() const { return start_ms + time_ms; }
  // The first request header of that name (any case), or "".
  std::string request_header(std::string_view name) const;
  std::string response_header(std::string_view name) const;
};

struct Recording {
  std::vector<Entry> entries;       // in the order they started
  std::vector<std::string> notes;   // what was decided about the file (entries reordered...)
};

// Reads and checks a HAR file. Throws HarError.
Recording read_har_file(const std::string& path);
// The same on text already read.
Recording parse_har(std::string_view text);

}  // namespace rollcall::har
