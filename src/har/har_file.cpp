#include "har/har_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

#include "common/ascii.hpp"
#include "common/instant.hpp"
#include "har/url_text.hpp"

namespace rollcall::har {

namespace json = boost::json;

namespace {

// "text/html; charset=utf-8" -> "text/html"
std::string media_type(std::string_view s) {
  auto semi = s.find(';');
  std::string out = ascii::lower(s.substr(0, semi));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string find_header(const std::vector<NameValue>& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (n.size() == name.size() && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return v;
  return "";
}

std::string base64_decoded(std::string_view text) {
  std::string clean;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) clean += c;
  if (clean.size() % 4 != 0) return {};
  std::string out(clean.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
  if (n < 0) return {};
  std::size_t size = static_cast<std::size_t>(n);
  if (clean.size() >= 1 && clean.back() == '=') --size;  // EVP_DecodeBlock counts padding as bytes
  if (clean.size() >= 2 && clean[clean.size() - 2] == '=') --size;
  out.resize(size);
  return out;
}

// Reading one entry: every problem names the entry, so that a person can
// find it in their browser's list.
class EntryReader {
 public:
  EntryReader(const json::value& v, std::size_t index) : v_(v), index_(index) {}

  Entry read() {
    Entry e;
    e.index = index_;
    const json::object& o = object(v_, "the entry");
    const json::object& request = object(field(o, "request"), "request");
    const json::object& response = object(field(o, "response"), "response");
    e.start_ms = instant(string(field(o, "startedDateTime"), "startedDateTime"));
    if (const auto* t = o.if_contains("time"); t && t->is_number()) e.time_ms = std::max(0.0, t->to_number<double>());
    e.method = string(field(request, "method"), "request.method");
    for (char& c : e.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    e.url = string(field(request, "url"), "request.url");
    e.request_headers = pairs(request, "headers", "request.headers");
    e.request_cookies = pairs(request, "cookies", "request.cookies", true);
    if (const auto* pd = request.if_contains("postData"); pd && pd->is_object()) {
      const auto& p = pd->as_object();
      if (const auto* m = p.if_contains("mimeType"); m && m->is_string()) e.post_mime = media_type(m->as_string());
      if (const auto* t = p.if_contains("text"); t && t->is_string()) e.post_text = std::string(t->as_string());
      e.post_params = pairs(p, "params", "request.postData.params", true);
      // A form's params are as they went over the wire in Chrome's and
      // Firefox's exports (percent-encoded, '+' for a space): the body
      // itself is the one spelling to trust, the params only without it.
      if (e.post_mime == "application/x-www-form-urlencoded") {
        if (!e.post_text.empty())
          e.post_params = split_encoded_pairs(e.post_text);
        else
          for (auto& [name, value] : e.post_params) {
            name = percent_decoded(name, true);
            value = percent_decoded(value, true);
          }
      }
    }
    const auto& status = field(response, "status");
    if (!status.is_int64() && !status.is_uint64() && !status.is_double()) fail("response.status is not a number");
    // 0 is an exchange the browser never saw answered; the rest are three digits.
    double code = status.to_number<double>();
    // -1 is HAR's "not available" (as for timings): no answer, as Chrome's 0.
    if (code == -1) code = 0;
    if (!(code >= 0 && code <= 999)) fail("response.status is not an HTTP status: expected 0 or a code such as 200");
    e.status = static_cast<int>(code);
    e.response_headers = pairs(response, "headers", "response.headers");
    e.response_cookies = pairs(response, "cookies", "response.cookies", true);
    if (const auto* c = response.if_contains("content"); c && c->is_object()) {
      const auto& content = c->as_object();
      if (const auto* m = content.if_contains("mimeType"); m && m->is_string()) e.mime = media_type(m->as_string());
      if (const auto* t = content.if_contains("text"); t && t->is_string()) {
        const auto* enc = content.if_contains("encoding");
        const bool b64 = enc && enc->is_string() && enc->as_string() == "base64";
        e.body = b64 ? base64_decoded(t->as_string()) : std::string(t->as_string());
      }
    }
    if (const auto* r = response.if_contains("redirectURL"); r && r->is_string()) e.redirect_url = std::string(r->as_string());
    if (e.redirect_url.empty() && e.status >= 300 && e.status < 400) e.redirect_url = e.response_header("location");
    if (const auto* rt = o.if_contains("_resourceType"); rt && rt->is_string()) e.resource_type = ascii::lower(rt->as_string());
    if (e.resource_type.empty()) e.resource_type = guess_resource_type(e);
    return e;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw HarError(fmt::format("entry {}: {}", index_ + 1, what));
  }
  const json::value& field(const json::object& o, const char* name) const {
    const auto* v = o.if_contains(name);
    if (!v) fail(fmt::format("'{}' is missing, as HAR 1.2 requires it", name));
    return *v;
  }
  const json::object& object(const json::value& v, const char* what) const {
    if (!v.is_object()) fail(fmt::format("{} is not a JSON object", what));
    return v.as_object();
  }
  std::string string(const json::value& v, const char* what) const {
    if (!v.is_string()) fail(fmt::format("{} is not a string", what));
    return std::string(v.as_string());
  }
  double instant(const std::string& text) const {
    std::string problem;
    auto t = parse_instant(text, problem);
    if (!t) fail("startedDateTime is not an ISO 8601 date with its offset (such as 2026-12-05T08:30:00.125Z)");
    return *t * 1000.0;
  }
  std::vector<NameValue> pairs(const json::object& o, const char* key, const char* what, bool optional = false) const {
    std::vector<NameValue> out;
    const auto* v = o.if_contains(key);
    if (!v) {
      if (optional) return out;
      fail(fmt::format("'{}' is missing, as HAR 1.2 requires it", what));
    }
    if (!v->is_array()) fail(fmt::format("{} is not a list", what));
    for (const auto& item : v->as_array()) {
      if (!item.is_object()) fail(fmt::format("{} holds something other than {{name, value}}", what));
      const auto& p = item.as_object();
      const auto* n = p.if_contains("name");
      const auto* val = p.if_contains("value");
      if (!n || !n->is_string()) fail(fmt::format("{} holds an item without a name", what));
      out.emplace_back(std::string(n->as_string()), val && val->is_string() ? std::string(val->as_string()) : "");
    }
    return out;
  }

  // Firefox writes no _resourceType: what the browser fetched the request
  // for (Sec-Fetch-Dest), else what it accepts, else what came back.
  static std::string guess_resource_type(const Entry& e) {
    const std::string dest = ascii::lower(e.request_header("sec-fetch-dest"));
    if (dest == "document" || dest == "iframe") return "document";
    if (dest == "script" || dest == "style" || dest == "image" || dest == "font") return dest == "style" ? "stylesheet" : dest;
    if (dest == "empty") return "xhr";
    const std::string accept = ascii::lower(e.request_header("accept"));
    if (accept.starts_with("text/html")) return "document";
    const std::string& m = e.mime;
    if (m == "text/html" || m == "application/xhtml+xml") return "document";
    if (m.starts_with("image/")) return "image";
    if (m.starts_with("font/") || m.find("font") != std::string::npos) return "font";
    if (m == "text/css") return "stylesheet";
    if (m.find("javascript") != std::string::npos || m == "text/ecmascript") return "script";
    if (m.find("json") != std::string::npos || m.find("xml") != std::string::npos) return "xhr";
    return "other";
  }

  const json::value& v_;
  std::size_t index_;
};

}  // namespace

std::string Entry::request_header(std::string_view name) const { return find_header(request_headers, name); }
std::string Entry::response_header(std::string_view name) const { return find_header(response_headers, name); }

Recording parse_har(std::string_view text) {
  if (text.empty()) throw HarError("the file is empty: expected a HAR file (JSON with a 'log' object)");
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) {
    // Boost.JSON reads to the end before it says "incomplete": a file cut
    // short (a browser closed while saving) is told apart from one that
    // is not JSON at all.
    const bool cut = ec == json::error::incomplete;
    throw HarError(cut ? "the JSON ends before it is complete (truncated?): expected a whole HAR file"
                       : fmt::format("not JSON ({}): expected a HAR file saved by a browser (\"Save all as HAR\")",
                                     ec.message()));
  }
  if (!doc.is_object() || !doc.as_object().contains("log") || !doc.at("log").is_object())
    throw HarError("JSON without a 'log' object: expected a HAR file (\"Save all as HAR\" in the browser's network tab)");
  const auto& log = doc.at("log").as_object();
  const auto* version = log.if_contains("version");
  if (!version || !version->is_string())
    throw HarError("log.version is missing: expected a HAR 1.2 file");
  if (version->as_string() != "1.2")
    throw HarError(fmt::format("HAR version {} is not supported: expected HAR 1.2, as current Chrome and Firefox save",
                               std::string(version->as_string()).substr(0, 16)));
  const auto* entries = log.if_contains("entries");
  if (!entries || !entries->is_array()) throw HarError("log.entries is missing or not a list: expected a HAR 1.2 file");
  if (entries->as_array().empty()) throw HarError("log.entries is empty: the recording holds no request");

  Recording rec;
  std::size_t other_schemes = 0;
  for (std::size_t i = 0; i < entries->as_array().size(); ++i) {
    Entry e = EntryReader(entries->as_array()[i], i).read();
    // data:, blob:, ws: and extensions' requests are the browser's own
    // business: nothing a load test sends.
    if (!(e.url.starts_with("http://") || e.url.starts_with("https://"))) {
      ++other_schemes;
      continue;
    }
    rec.entries.push_back(std::move(e));
  }
  if (other_schemes)
    rec.notes.push_back(fmt::format("{} entr{} with another scheme than http(s) (data:, blob:, ws:...) left out",
                                    other_schemes, other_schemes == 1 ? "y" : "ies"));
  if (rec.entries.empty()) throw HarError("no http(s) request in log.entries: expected a login recorded in a browser");
  // Browsers write entries in the order they started, but an export of
  // several tabs, or a HAR merged by hand, may not: a request that started
  // earlier happened earlier, whatever its place in the file.
  const bool ordered = std::is_sorted(rec.entries.begin(), rec.entries.end(),
                                      [](const Entry& a, const Entry& b) { return a.start_ms < b.start_ms; });
  if (!ordered) {
    std::stable_sort(rec.entries.begin(), rec.entries.end(),
                     [](const Entry& a, const Entry& b) { return a.start_ms < b.start_ms; });
    rec.notes.push_back("the entries were not in the order they started; they were taken by startedDateTime");
  }
  return rec;
}

Recording read_har_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw HarError("cannot read the file: expected a HAR file saved by a browser");
  if (S_ISDIR(st.st_mode)) throw HarError("is a folder: expected a HAR file");
  if (static_cast<std::size_t>(st.st_size) > max_har_bytes)
    throw HarError(fmt::format("the file is {} MiB, above the {} MiB limit: record the login alone (clear the "
                               "network tab, log in, save)",
                               st.st_size / (1024 * 1024), max_har_bytes / (1024 * 1024)));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw HarError("cannot read the file: expected a HAR file saved by a browser");
  std::string text;
  text.resize(static_cast<std::size_t>(st.st_size));
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_har(text);
}

}  // namespace rollcall::har
