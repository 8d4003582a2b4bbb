#include "report/failure_trace.hpp"

#include <chrono>
#include <fstream>
#include <unordered_map>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <strings.h>

#include "common/secret_names.hpp"
#include "engine/redactor.hpp"
#include "engine/virtual_user.hpp"
#include "http/url.hpp"
#include "report/redact.hpp"
#include "scenario/utf8.hpp"

namespace rollcall::report {

namespace json = boost::json;

namespace {

constexpr std::size_t most_body_kept = 64 * 1024;

// One exchange as it happened, not yet redacted: the user's secrets are
// known only when the journey ends (a ticket is extracted after the
// request that carried it went out).
struct Captured {
  std::string step;
  std::chrono::system_clock::time_point sent;
  double time_ms = 0;
  std::string method, url;
  std::string request_head;  // request line and headers
  std::string request_body;
  std::uint64_t request_body_size = 0;
  bool answered = false;
  std::string failure;
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> response_headers;
  std::string response_body;  // the last answer's only
  std::uint64_t response_body_size = 0;
  bool body_cut = false;
};

struct TracedJourney {
  std::vector<Captured> exchanges;
  std::vector<std::string> failures;  // FailureDetail reasons, with their step
};

std::string iso8601(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(t)), ms);
}

// Bytes as JSON needs them: invalid UTF-8 replaced, so that the file parses.
std::string utf8(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    const auto bad = scenario::invalid_utf8(in);
    if (bad == std::string_view::npos) {
      out.append(in);
      break;
    }
    out.append(in.substr(0, bad));
    out += "\xEF\xBF\xBD";
    in.remove_prefix(bad + 1);
  }
  return out;
}

bool textual(std::string_view type) {
  for (std::string_view t : {"text/", "json", "xml", "javascript", "x-www-form-urlencoded"})
    if (type.find(t) != std::string_view::npos) return true;
  return false;
}

// "name=value; Path=/": the value goes, the attributes stay.
std::string cookie_shown(std::string_view set_cookie) {
  const auto eq = set_cookie.find('=');
  const auto semi = set_cookie.find(';');
  std::string out(set_cookie.substr(0, std::min(eq, semi)));
  out += "=";
  out += engine::masked;
  if (semi != std::string_view::npos) out.append(set_cookie.substr(semi));
  return out;
}

// "a=1; b=2" -> "a=***; b=***"
std::string cookie_header_shown(std::string_view header) {
  std::string out;
  while (!header.empty()) {
    const auto semi = header.find(';');
    auto pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (!out.empty()) out += "; ";
    out.append(pair.substr(0, pair.find('=')));
    out += "=";
    out += engine::masked;
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return out;
}

bool named(std::string_view name, std::string_view wanted) {
  return name.size() == wanted.size() && strncasecmp(name.data(), wanted.data(), wanted.size()) == 0;
}

json::object header(std::string_view name, std::string_view value, const engine::Redactor& redactor) {
  std::string shown;
  if (named(name, "Cookie"))
    shown = cookie_header_shown(value);
  else if (named(name, "Set-Cookie"))
    shown = cookie_shown(value);
  else if (named(name, "Location") || named(name, "Referer") || named(name, "Content-Location"))
    shown = redactor.url(value);
  else if (looks_secret(name))
    shown = engine::masked;
  else
    shown = redactor.text(value);
  return {{"name", utf8(name)}, {"value", utf8(shown)}};
}

// The request's headers from its head (request line first).
json::array request_headers(std::string_view head, const engine::Redactor& redactor, json::array& cookies) {
  json::array out;
  auto line_end = head.find("\r\n");
  head.remove_prefix(line_end == std::string_view::npos ? head.size() : line_end + 2);
  while (!head.empty()) {
    line_end = head.find("\r\n");
    const auto line = head.substr(0, line_end);
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      const auto name = line.substr(0, colon);
      out.push_back(header(name, value, redactor));
      if (named(name, "Cookie")) {
        std::string_view rest = value;
        while (!rest.empty()) {
          const auto semi = rest.find(';');
          auto pair = rest.substr(0, semi);
          while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
          cookies.push_back(json::object{{"name", utf8(pair.substr(0, pair.find('=')))}, {"value", engine::masked}});
          if (semi == std::string_view::npos) break;
          rest.remove_prefix(semi + 1);
        }
      }
    }
    if (line_end == std::string_view::npos) break;
    head.remove_prefix(line_end + 2);
  }
  return out;
}

std::string header_of(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (named(n, name)) return v;
  return {};
}

std::string request_header_of(std::string_view head, std::string_view name) {
  for (std::size_t at = head.find("\r\n"); at != std::string_view::npos;) {
    const auto next = head.find("\r\n", at + 2);
    const auto line = head.substr(at + 2, next == std::string_view::npos ? std::string_view::npos : next - at - 2);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && named(line.substr(0, colon), name)) {
      auto v = line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      return std::string(v);
    }
    at = next;
  }
  return {};
}

// A body as the trace shows it: JSON with its secret-named members masked,
// pages with their field values masked, then the user's secrets and tokens.
std::string body_shown(std::string_view body, std::string_view type, const engine::Redactor& redactor) {
  if (type.find("json") != std::string_view::npos) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (!ec) return redactor.text(json::serialize(redact(v)));
  }
  return redactor.text(engine::mask_field_values(body));
}

json::array form_params(std::string_view body, const engine::Redactor& redactor) {
  json::array out;
  for (const auto& [name, value] : http::split_form(body))
    out.push_back(json::object{{"name", utf8(name)}, {"value", utf8(redactor.value(name, value))}});
  return out;
}

json::array query_params(std::string_view url, const engine::Redactor& redactor) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return {};
  return form_params(url.substr(q + 1, url.find('#', q) - q - 1), redactor);
}

json::object entry(const Captured& c, const std::string& page, const std::string& comment,
                   const engine::Redactor& redactor) {
  json::array request_cookies;
  json::array headers = request_headers(c.request_head, redactor, request_cookies);
  json::object request{{"method", c.method},
                       {"url", utf8(redactor.url(c.url))},
                       {"httpVersion", "HTTP/1.1"},
                       {"cookies", std::move(request_cookies)},
                       {"headers", std::move(headers)},
                       {"queryString", query_params(c.url, redactor)},
                       {"headersSize", static_cast<std::int64_t>(c.request_head.size())},
                       {"bodySize", c.request_body_size}};
  if (c.request_body_size > 0) {
    const std::string type = request_header_of(c.request_head, "Content-Type");
    json::object post{{"mimeType", utf8(type)}};
    if (type.find("x-www-form-urlencoded") != std::string::npos) {
      json::array params = form_params(c.request_body, redactor);
      std::string text;
      for (const auto& p : params) {
        if (!text.empty()) text += '&';
        text += fmt::format("{}={}", std::string_view(p.at("name").as_string()), std::string_view(p.at("value").as_string()));
      }
      post["text"] = text;
      post["params"] = std::move(params);
    } else if (textual(type)) {
      post["text"] = utf8(body_shown(c.request_body, type, redactor));
    }
    request["postData"] = std::move(post);
  }
  json::array response_headers, response_cookies;
  for (const auto& [n, v] : c.response_headers) {
    response_headers.push_back(header(n, v, redactor));
    if (named(n, "Set-Cookie"))
      response_cookies.push_back(json::object{{"name", utf8(v.substr(0, v.find('=')))}, {"value", engine::masked}});
  }
  const std::string type = header_of(c.response_headers, "Content-Type");
  json::object content{{"size", c.response_body_size}, {"mimeType", utf8(type)}};
  if (!c.response_body.empty() && textual(type)) {
    content["text"] = utf8(body_shown(c.response_body, type, redactor));
    if (c.body_cut) content["comment"] = fmt::format("the first {} KiB of the answer", c.response_body.size() / 1024);
  } else if (c.response_body_size > 0) {
    content["comment"] = "body not kept (only the last answer's text is)";
  }
  json::object response{{"status", c.status},
                        {"statusText", ""},
                        {"httpVersion", "HTTP/1.1"},
                        {"cookies", std::move(response_cookies)},
                        {"headers", std::move(response_headers)},
                        {"content", std::move(content)},
                        {"redirectURL", utf8(redactor.url(header_of(c.response_headers, "Location")))},
                        {"headersSize", -1},
                        {"bodySize", c.answered ? static_cast<std::int64_t>(c.response_body_size) : -1}};
  if (!c.answered) response["_error"] = c.failure;
  json::object out{{"pageref", page},
                   {"startedDateTime", iso8601(c.sent)},
                   {"time", c.time_ms},
                   {"request", std::move(request)},
                   {"response", std::move(response)},
                   {"cache", json::object{}},
                   {"timings", json::object{{"send", 0}, {"wait", c.time_ms}, {"receive", 0}}},
                   {"_step", utf8(c.step)}};
  if (!comment.empty()) out["comment"] = utf8(comment);
  return out;
}

class LaneTracer final : public engine::JourneyObserver {
 public:
  explicit LaneTracer(FailureTrace& trace) : trace_(trace) {}

  void journey_started(const engine::VirtualUser& user) override {
    if (!trace_.full()) journeys_[user.id] = TracedJourney{};
  }

  void exchanged(const engine::VirtualUser& user, const engine::Exchange& x) override {
    auto it = journeys_.find(user.id);
    if (it == journeys_.end()) return;
    auto& exchanges = it->second.exchanges;
    // Only the last answer's body is kept: it is the one a failure is about.
    if (!exchanges.empty()) std::string().swap(exchanges.back().response_body);
    Captured c;
    c.step = std::string(x.step);
    c.sent = x.sent;
    c.time_ms = static_cast<double>(x.latency_us) / 1000.0;
    c.method = x.request.method;
    c.url = x.request.url;
    c.request_head = x.request.bytes;
    c.request_body_size = x.request.body().size();
    c.request_body = x.request.body().substr(0, most_body_kept);
    c.answered = x.response != nullptr;
    c.failure = std::string(http::failure_name(x.failure));
    if (x.response) {
      const auto& r = *x.response;
      c.status = r.status;
      for (const auto& f : r.fields) c.response_headers.emplace_back(r.field_name(f), r.field_value(f));
      c.response_body = r.body.substr(0, most_body_kept);
      c.response_body_size = r.body_bytes;
      c.body_cut = r.body_bytes > c.response_body.size();
    }
    exchanges.push_back(std::move(c));
  }

  void step_failed(const engine::VirtualUser& user, const engine::FailureDetail& detail) override {
    auto it = journeys_.find(user.id);
    if (it != journeys_.end()) it->second.failures.push_back(fmt::format("{}: {}", detail.step, detail.reason));
  }

  void journey_ended(const engine::VirtualUser& user, engine::JourneyEnd end) override {
    auto it = journeys_.find(user.id);
    if (it == journeys_.end()) return;
    TracedJourney journey = std::move(it->second);
    journeys_.erase(it);
    const bool failed = end == engine::JourneyEnd::failed || end == engine::JourneyEnd::gave_up;
    if (!failed || journey.exchanges.empty() || trace_.full()) return;
    hand_over(user, journey, end);
  }

 private:
  void hand_over(const engine::VirtualUser& user, const TracedJourney& journey, engine::JourneyEnd end) {
    const engine::Redactor redactor(trace_.scenario(), user.variables);
    const auto& persona = trace_.scenario().personas[user.persona].name;
    const std::string page = fmt::format("journey-{}-{}", user.id, user.iteration);
    std::string why;
    for (const auto& f : journey.failures) why += (why.empty() ? "" : "; ") + redactor.text(f);
    json::array entries;
    for (std::size_t i = 0; i < journey.exchanges.size(); ++i)
      entries.push_back(entry(journey.exchanges[i], page, i + 1 == journey.exchanges.size() ? why : "", redactor));
    json::object p{{"startedDateTime", iso8601(journey.exchanges.front().sent)},
                   {"id", page},
                   {"title", utf8(fmt::format("{} (user {}): {}{}", persona, user.id,
                                              end == engine::JourneyEnd::gave_up ? "gave up after " : "failed at ",
                                              why.empty() ? "a step" : why))},
                   {"pageTimings", json::object{}}};
    trace_.keep(std::move(p), std::move(entries));
  }

  FailureTrace& trace_;
  std::unordered_map<std::uint64_t, TracedJourney> journeys_;
};

}  // namespace

FailureTrace::FailureTrace(const scenario::Scenario& scenario, std::size_t most_journeys)
    : scenario_(scenario), most_(most_journeys) {}

std::unique_ptr<engine::JourneyObserver> FailureTrace::observer() { return std::make_unique<LaneTracer>(*this); }

void FailureTrace::keep(json::object page, json::array entries) {
  const std::lock_guard lock(mutex_);
  if (kept_.load(std::memory_order_relaxed) >= most_) return;
  pages_.push_back(std::move(page));
  for (auto& e : entries) entries_.push_back(std::move(e));
  kept_.fetch_add(1, std::memory_order_relaxed);
}

std::size_t FailureTrace::journeys() const { return kept_.load(std::memory_order_relaxed); }

std::string FailureTrace::har() const {
  const std::lock_guard lock(mutex_);
  json::object log{{"version", "1.2"},
                   {"creator", json::object{{"name", "rollcall"}, {"version", ROLLCALL_VERSION}}},
                   {"pages", pages_},
                   {"entries", entries_},
                   {"comment", "failing journeys of a rollcall run; passwords, cookies, tickets and tokens masked (***)"}};
  return json::serialize(json::object{{"log", std::move(log)}});
}

bool FailureTrace::write(const std::string& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out << har() << '\n';
  return static_cast<bool>(out);
}

}  // namespace rollcall::report
