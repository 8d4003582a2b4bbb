#include "scenario/behaviour_parser.hpp"

#include <fmt/format.h>

#include "common/duration.hpp"

namespace rollcall::scenario {

using namespace std::chrono_literals;

FailurePolicy human_failure_policy() {
  // A person who meets an error page tries again after reading it (a few
  // seconds), twice at most; then reloads the ENT's home page and signs in
  // again; and leaves after about three minutes of trying. These are the
  // behaviours the ENT supplier described in April 2021 (repeated
  // reconnection attempts), with delays of people, not of scripts.
  FailurePolicy p;
  p.none = false;
  p.retries = 2;
  p.retry_delay = Think{Think::Kind::uniform, 2s, 10s};
  p.restarts = 3;
  p.restart_delay = Think{Think::Kind::uniform, 5s, 30s};
  p.restart_keeps_cookies = true;
  p.patience = 3min;
  return p;
}

namespace {

const Names policy_keys = {"retry", "restart", "patience", "steps"};
const Names retry_keys = {"times", "after"};
const Names restart_keys = {"times", "after", "cookies"};

// `retry: {times: 2, after: {uniform: [2s, 10s]}}`; absent keys keep the
// human defaults.
bool read_repeat(Reader& reader, const Field& f, const Names& keys, unsigned& times, Think& delay,
                 bool* keeps_cookies) {
  if (f.value.IsScalar()) {
    // `retry: 3` is the count alone.
    auto n = reader.integer(f, "a number of times from 0 to 100, or a map with times and after", 0, 100);
    if (!n) return false;
    times = static_cast<unsigned>(*n);
    return true;
  }
  auto fields = reader.map(f, fmt::format("a map with {}", fmt::join(keys, ", ")), keys);
  if (!fields) return false;
  bool ok = true;
  if (const Field* t = fields->find("times")) {
    if (auto n = reader.integer(*t, "a number of times from 0 to 100", 0, 100))
      times = static_cast<unsigned>(*n);
    else
      ok = false;
  }
  if (const Field* a = fields->find("after")) {
    if (auto d = reader.think(*a))
      delay = *d;
    else
      ok = false;
  }
  if (keeps_cookies)
    if (const Field* c = fields->find("cookies")) {
      auto v = reader.text(*c, "keep or fresh");
      if (v && (*v == "keep" || *v == "fresh")) {
        *keeps_cookies = *v == "keep";
      } else {
        if (v) reader.problem(*c, fmt::format("expected keep (F5 in the same browser) or fresh (a new private window), got '{}'", *v));
        ok = false;
      }
    }
  return ok;
}

}  // namespace

std::optional<FailurePolicy> parse_on_failure(Reader& reader, const Field& f, const std::vector<std::string>& known_steps) {
  if (f.value.IsScalar()) {
    auto word = reader.text(f, "none, human, or a map with retry, restart, patience and steps");
    if (!word) return std::nullopt;
    if (*word == "none") return FailurePolicy{};
    if (*word == "human") {
      auto p = human_failure_policy();
      p.where = reader.where(f);
      return p;
    }
    reader.problem(f, fmt::format("expected none (a failed step ends the journey), human (retry, reload, give up "
                                  "as people do), or a map with retry, restart, patience and steps; got '{}'",
                                  *word));
    return std::nullopt;
  }
  auto fields = reader.map(f, "on_failure: none, human, or a map with retry, restart, patience and steps", policy_keys);
  if (!fields) return std::nullopt;
  // A map states what differs from what people do: whatever it leaves out
  // is the human default, except the parts it does not name at all.
  FailurePolicy p = human_failure_policy();
  p.where = reader.where(f);
  if (!fields->find("retry")) p.retries = 0;
  if (!fields->find("restart")) p.restarts = 0;
  bool ok = true;
  if (const Field* r = fields->find("retry")) ok &= read_repeat(reader, *r, retry_keys, p.retries, p.retry_delay, nullptr);
  if (const Field* r = fields->find("restart"))
    ok &= read_repeat(reader, *r, restart_keys, p.restarts, p.restart_delay, &p.restart_keeps_cookies);
  if (const Field* pt = fields->find("patience")) {
    if (pt->value.IsScalar() && pt->value.Scalar() == "none") {
      p.patience.reset();
    } else if (auto d = reader.duration(*pt)) {
      if (d->count() > 0)
        p.patience = *d;
      else
        reader.problem(*pt, "expected a patience above 0, such as 3m, or none"), ok = false;
    } else {
      ok = false;
    }
  }
  if (const Field* s = fields->find("steps")) {
    for (const auto& item : reader.one_or_more(*s, "a step name")) {
      auto name = reader.text(item, "a step name");
      if (!name) {
        ok = false;
        continue;
      }
      if (std::find(known_steps.begin(), known_steps.end(), *name) == known_steps.end()) {
        reader.problem(item, fmt::format("no step '{}' in this persona's flow: expected one of {}", *name,
                                         fmt::join(known_steps, ", ")));
        ok = false;
        continue;
      }
      p.steps.push_back(*name);
    }
    if (p.steps.empty() && ok) {
      reader.problem(*s, "expected at least one step name");
      ok = false;
    }
  }
  if (ok && p.retries == 0 && p.restarts == 0 && !p.patience) {
    reader.problem(f, "this on_failure never retries, restarts or gives up: write on_failure: none");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return p;
}

namespace {

const Names admission_keys = {"queued", "rejected"};
const Names queued_keys = {"when", "wait", "patience"};
const Names rejected_keys = {"when"};
const Names match_keys = {"status", "header", "contains", "matches"};

std::optional<AdmissionMatch> read_match(Reader& reader, Compiler& compiler, const Field& f) {
  auto fields = reader.map(f, "a rule: a map with status, header, contains or matches", match_keys);
  if (!fields) return std::nullopt;
  AdmissionMatch m;
  m.where = reader.where(f);
  bool ok = true;
  if (const Field* s = fields->find("status"))
    for (const auto& item : reader.one_or_more(*s, "an HTTP status from 100 to 599")) {
      if (auto n = reader.integer(item, "an HTTP status from 100 to 599", 100, 599))
        m.status.push_back(static_cast<unsigned>(*n));
      else
        ok = false;
    }
  if (const Field* h = fields->find("header")) {
    if (auto headers = reader.map(*h, "a map of header names to a part of their value")) {
      for (const auto& entry : headers->all()) {
        if (!compiler.check_header_name(entry)) {
          ok = false;
          continue;
        }
        auto value = reader.text(entry, "a part of the header's value");
        if (!value) {
          ok = false;
        } else if (value->empty()) {
          reader.problem(entry, fmt::format("an empty value matches any '{}' header: give a part of its value", entry.key));
          ok = false;
        } else {
          m.headers.emplace_back(entry.key, *value);
        }
      }
    } else {
      ok = false;
    }
  }
  if (const Field* c = fields->find("contains"))
    for (const auto& item : reader.one_or_more(*c, "a text the page contains")) {
      auto text = reader.text(item, "a text the page contains");
      if (text && text->empty()) reader.problem(item, "an empty text matches every page: give a part of the page");
      if (text && !text->empty())
        m.contains.push_back(*text);
      else
        ok = false;
    }
  if (const Field* r = fields->find("matches"))
    for (const auto& item : reader.one_or_more(*r, "a regular expression")) {
      if (item.value.IsScalar() && item.value.Scalar().empty()) {
        reader.problem(item, "an empty pattern matches every page: give a regular expression");
        ok = false;
        continue;
      }
      if (auto re = compiler.regex(item))
        m.matches.push_back(std::move(re));
      else
        ok = false;
    }
  if (ok && m.status.empty() && m.headers.empty() && m.contains.empty() && m.matches.empty()) {
    reader.problem(f, "a rule matches every answer unless it gives status, header, contains or matches");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return m;
}

bool read_rules(Reader& reader, Compiler& compiler, const Fields& fields, const Field& parent,
                std::vector<AdmissionMatch>& out) {
  const Field* when = fields.find("when");
  if (!when) {
    reader.missing(parent, "when", fmt::format("admission {} (a rule, or a list of rules, that recognises the page)", parent.key));
    return false;
  }
  bool ok = true;
  if (when->value.IsSequence()) {
    if (when->value.size() == 0) {
      reader.problem(*when, "expected at least one rule");
      return false;
    }
    for (const auto& n : when->value) {
      if (auto m = read_match(reader, compiler, item(n)))
        out.push_back(std::move(*m));
      else
        ok = false;
    }
  } else if (auto m = read_match(reader, compiler, *when)) {
    out.push_back(std::move(*m));
  } else {
    ok = false;
  }
  return ok;
}

}  // namespace

std::optional<Admission> parse_admission(Reader& reader, Compiler& compiler, const Field& f) {
  auto fields = reader.map(f, "admission: a map with queued and rejected", admission_keys);
  if (!fields) return std::nullopt;
  Admission a;
  bool ok = true;
  if (const Field* q = fields->find("queued")) {
    if (auto qf = reader.map(*q, "queued: a map with when, wait and patience", queued_keys)) {
      ok &= read_rules(reader, compiler, *qf, *q, a.queued);
      if (const Field* w = qf->find("wait")) {
        auto d = reader.duration(*w);
        if (d && d->count() > 0)
          a.queued_wait = *d;
        else
          ok = false, (d ? reader.problem(*w, "expected a wait above 0, such as 30s") : void());
      }
      if (const Field* p = qf->find("patience")) {
        auto d = reader.duration(*p);
        if (d && d->count() > 0)
          a.queued_patience = *d;
        else
          ok = false, (d ? reader.problem(*p, "expected a patience above 0, such as 10m") : void());
      }
    } else {
      ok = false;
    }
  }
  if (const Field* r = fields->find("rejected")) {
    if (auto rf = reader.map(*r, "rejected: a map with when", rejected_keys))
      ok &= read_rules(reader, compiler, *rf, *r, a.rejected);
    else
      ok = false;
  }
  if (ok && a.empty()) {
    reader.problem(f, "admission recognises nothing: give queued or rejected, each with when");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return a;
}

}  // namespace rollcall::scenario
