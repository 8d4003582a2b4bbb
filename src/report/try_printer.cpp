#include "report/try_printer.hpp"

#include <strings.h>

#include <cctype>
#include <string>

#include <fmt/format.h>

#include "common/printable.hpp"
#include "engine/redactor.hpp"
#include "engine/virtual_user.hpp"
#include "http/url.hpp"
#include "report/format.hpp"

namespace rollcall::report {

namespace {

bool is_redirect(unsigned status) { return status >= 300 && status < 400; }

std::string size_of(std::uint64_t bytes) { return bytes < 1024 ? fmt::format("{} B", bytes) : human_bytes(static_cast<double>(bytes)); }

// Percent-decoding for display: '+' is a space in a form body.
std::string decoded(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string cookie_names(const http::ResponseData& response) {
  std::string names;
  for (const auto& f : response.fields) {
    const auto n = response.field_name(f);
    if (n.size() != 10 || strncasecmp(n.data(), "Set-Cookie", 10) != 0) continue;
    const auto v = response.field_value(f);
    names += (names.empty() ? "" : ", ") + printable(v.substr(0, v.find('=')), 64);
  }
  return names;
}

}  // namespace

std::string shown_fields(std::string_view body, const engine::Redactor& redactor) {
  std::string out;
  for (const auto& [encoded_name, encoded_value] : http::split_form(body)) {
    const std::string name = decoded(encoded_name);
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", printable(name, 64),
                       printable(redactor.value(name, decoded(encoded_value)), 80));
  }
  return out;
}

void TryPrinter::line(const std::string& text) {
  fmt::print(out_, "{}\n", text);
  std::fflush(out_);
}

void TryPrinter::journey_started(const engine::VirtualUser& user) {
  const auto& persona = scenario_.personas[user.persona];
  started_ = std::chrono::steady_clock::now();
  requests_ = 0;
  failed_step_.clear();
  std::string who;
  if (persona.feeder)
    who = fmt::format(" (row {} of {})", row_ + 1, printable(persona.feeder->path, 200));
  line(fmt::format("\n{}{}", persona.name, who));
}

void TryPrinter::exchanged(const engine::VirtualUser& user, const engine::Exchange& x) {
  ++requests_;
  const engine::Redactor redactor(scenario_, user.variables);
  const std::string url = printable(redactor.url(x.request.url), 400);
  const std::string took = human_latency(x.latency_us);
  if (!x.response) {
    line(fmt::format("  {} {}  -> no answer: {} after {}   [{}]", x.request.method, url, http::failure_name(x.failure),
                     took, x.step));
    return;
  }
  const auto& r = *x.response;
  std::string what = fmt::format("{}", r.status);
  if (auto type = r.header("Content-Type")) what += fmt::format(" {}", printable(type->substr(0, type->find(';')), 60));
  what += fmt::format(", {}", size_of(r.body_bytes));
  line(fmt::format("  {} {}  -> {}, {}   [{}]", x.request.method, url, what, took, x.step));
  if (const auto cookies = cookie_names(r); !cookies.empty()) line(fmt::format("      cookies set: {}", cookies));
  if (is_redirect(r.status))
    if (auto location = r.header("Location"))
      line(fmt::format("      redirect to {}", printable(redactor.url(*location), 400)));
}

void TryPrinter::form_chosen(const engine::VirtualUser& user, std::string_view step, const http::HtmlForm& form,
                             const engine::RequestText& submission) {
  const engine::Redactor redactor(scenario_, user.variables);
  std::string which = "form";
  if (!form.id.empty()) which += fmt::format("#{}", printable(form.id, 64));
  if (!form.name.empty()) which += fmt::format("[name={}]", printable(form.name, 64));
  line(fmt::format("  {}: {} found on the page; sends {} {}", step, which, submission.method,
                   printable(redactor.url(submission.url), 400)));
  line(fmt::format("      fields: {}", shown_fields(submission.body(), redactor)));
}

void TryPrinter::extracted(const engine::VirtualUser& user, std::string_view variable, std::string_view value,
                           bool secret) {
  const engine::Redactor redactor(scenario_, user.variables);
  const std::string shown = secret ? std::string(engine::masked) : redactor.value(variable, value);
  line(fmt::format("      extracted {} = {}", variable, printable(shown, 120)));
}

void TryPrinter::step_failed(const engine::VirtualUser&, const engine::FailureDetail& d) {
  failed_step_ = d.step;
  line(fmt::format("  FAILED {}: {}", d.step, d.reason));
  if (d.status)
    line(fmt::format("      status {}{}{}", d.status, d.content_type.empty() ? "" : " " + d.content_type,
                     d.url.empty() ? "" : " from " + d.url));
  if (!d.excerpt.empty()) line(fmt::format("      page: {}", d.excerpt));
  if (!d.nearby.empty()) {
    line("      on the page:");
    for (const auto& n : d.nearby) line(fmt::format("        {}", n));
  }
}

void TryPrinter::journey_ended(const engine::VirtualUser& user, engine::JourneyEnd end) {
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_);
  const auto& persona = scenario_.personas[user.persona].name;
  std::string how;
  switch (end) {
    case engine::JourneyEnd::completed: how = "completed"; break;
    case engine::JourneyEnd::failed:
      how = failed_step_.empty() ? "failed" : fmt::format("failed at {}", failed_step_);
      break;
    case engine::JourneyEnd::gave_up: how = "given up (the persona's patience ran out)"; break;
    case engine::JourneyEnd::abandoned: how = "cut short (time limit)"; break;
  }
  line(fmt::format("  = {} {} in {}, {} requests", persona, how, human_latency(took.count()), requests_));
}

}  // namespace rollcall::report
