#include "scenario/flow_analysis.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace rollcall::scenario {

namespace {

bool body_needed(const Expect& expect, const std::vector<Extraction>& extract) {
  if (!expect.contains.empty() || !expect.matches.empty() || !expect.json.empty()) return true;
  return std::any_of(extract.begin(), extract.end(), [](const Extraction& x) {
    return x.source != Extraction::Source::header && x.source != Extraction::Source::cookie;
  });
}

// The steps whose response may be "the page" at a point of the flow.
struct Pages {
  std::vector<bool*> candidates;  // keeps_body of each step that may have answered last

  void merge(const Pages& other) {
    for (bool* c : other.candidates)
      if (std::find(candidates.begin(), candidates.end(), c) == candidates.end()) candidates.push_back(c);
  }
};

class Analysis {
 public:
  Analysis(Problems& problems, const std::string& persona) : problems_(problems), persona_(persona) {}

  // `report` is off for the second walk of a loop body, which only finds
  // the pages a body's end hands to its beginning.
  void walk(Steps& steps, Pages& pages, bool report) {
    for (auto& step : steps) {
      if (auto* r = std::get_if<RequestStep>(&step.what)) {
        r->keeps_body = r->keeps_body || body_needed(r->expect, r->extract);
        pages = Pages{{&r->keeps_body}};
      } else if (auto* s = std::get_if<SubmitFormStep>(&step.what)) {
        if (pages.candidates.empty() && report)
          problems_.add(step.where, fmt::format("submit_form needs a page to take the form from, and no request comes "
                                                "before it in persona '{}': add a get step for the page first",
                                                persona_));
        for (bool* c : pages.candidates) *c = true;
        s->keeps_body = s->keeps_body || body_needed(s->expect, s->extract);
        pages = Pages{{&s->keeps_body}};
      } else if (auto* f = std::get_if<FetchStep>(&step.what)) {
        for (auto& r2 : f->requests) r2.keeps_body = r2.keeps_body || body_needed(r2.expect, r2.extract);
      } else if (auto* g = std::get_if<GroupStep>(&step.what)) {
        walk(g->steps, pages, report);
      } else if (auto* rep = std::get_if<RepeatStep>(&step.what)) {
        loop(rep->steps, pages, report);
      } else if (auto* w = std::get_if<WhileStep>(&step.what)) {
        loop(w->steps, pages, report);
      } else if (auto* c = std::get_if<IfStep>(&step.what)) {
        Pages then_pages = pages, else_pages = pages;
        walk(c->then_steps, then_pages, report);
        walk(c->else_steps, else_pages, report);
        then_pages.merge(else_pages);
        pages = std::move(then_pages);
      }
    }
  }

 private:
  // A loop body runs zero or more times: its start sees the page from before
  // the loop or from the end of the previous iteration.
  void loop(Steps& body, Pages& pages, bool report) {
    Pages first = pages;
    walk(body, first, report);
    Pages again = pages;
    again.merge(first);
    walk(body, again, false);
    pages.merge(again);
  }

  Problems& problems_;
  const std::string& persona_;
};

using Count = RequestCount;

Count add(Count a, const Count& b) {
  a.min += b.min;
  if (a.max && b.max) *a.max += *b.max;
  else a.max.reset();
  return a;
}

Count times(const Count& c, unsigned long lo, std::optional<unsigned long> hi) {
  Count out;
  out.min = c.min * lo;
  if (c.max && hi) out.max = *c.max * *hi;
  else if (c.max && *c.max == 0) out.max = 0;
  else out.max.reset();
  return out;
}

}  // namespace

void analyse_flow(Persona& persona, Problems& problems) {
  Pages pages;
  Analysis(problems, persona.name).walk(persona.flow, pages, true);
}

RequestCount count_requests(const Steps& steps) {
  Count total;
  for (const auto& step : steps) {
    Count c;
    if (std::holds_alternative<RequestStep>(step.what) || std::holds_alternative<SubmitFormStep>(step.what)) {
      c = {1, 1};
    } else if (auto* f = std::get_if<FetchStep>(&step.what)) {
      c = {f->requests.size(), f->requests.size()};
    } else if (auto* g = std::get_if<GroupStep>(&step.what)) {
      c = count_requests(g->steps);
    } else if (auto* rep = std::get_if<RepeatStep>(&step.what)) {
      unsigned long n = 0;
      const std::string& text = rep->count.source();
      if (rep->count.is_literal() && std::from_chars(text.data(), text.data() + text.size(), n).ec == std::errc{})
        c = times(count_requests(rep->steps), n, n);
      else
        c = times(count_requests(rep->steps), 0, std::nullopt);
    } else if (auto* w = std::get_if<WhileStep>(&step.what)) {
      c = times(count_requests(w->steps), 0, w->max_iterations);
    } else if (auto* i = std::get_if<IfStep>(&step.what)) {
      const Count a = count_requests(i->then_steps), b = count_requests(i->else_steps);
      c.min = std::min(a.min, b.min);
      if (a.max && b.max) c.max = std::max(*a.max, *b.max);
      else c.max.reset();
    }
    total = add(total, c);
  }
  return total;
}

namespace {

std::string joined(const std::string& prefix, const std::string& name) {
  if (prefix.empty()) return name;
  if (name.empty()) return prefix;
  return prefix + " > " + name;
}

void collect_names(const Steps& steps, const std::string& prefix, std::vector<std::string>& out) {
  auto add_name = [&out](std::string name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  };
  for (const auto& step : steps) {
    if (auto* r = std::get_if<RequestStep>(&step.what)) {
      add_name(joined(prefix, r->name));
    } else if (auto* s = std::get_if<SubmitFormStep>(&step.what)) {
      add_name(joined(prefix, s->name));
    } else if (auto* f = std::get_if<FetchStep>(&step.what)) {
      const std::string group = joined(prefix, f->name);
      for (const auto& r2 : f->requests) add_name(joined(group, r2.name));
    } else if (auto* g = std::get_if<GroupStep>(&step.what)) {
      collect_names(g->steps, joined(prefix, g->name), out);
    } else if (auto* rep = std::get_if<RepeatStep>(&step.what)) {
      collect_names(rep->steps, prefix, out);
    } else if (auto* w = std::get_if<WhileStep>(&step.what)) {
      collect_names(w->steps, prefix, out);
    } else if (auto* i = std::get_if<IfStep>(&step.what)) {
      collect_names(i->then_steps, prefix, out);
      collect_names(i->else_steps, prefix, out);
    }
  }
}

}  // namespace

std::vector<std::string> step_names(const Steps& steps) {
  std::vector<std::string> names;
  collect_names(steps, "", names);
  return names;
}

}  // namespace rollcall::scenario
