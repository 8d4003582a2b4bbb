#include "engine/journey.hpp"

#include <cctype>
#include <chrono>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>
#include <strings.h>

#include "common/printable.hpp"
#include "engine/admission.hpp"
#include "engine/checks.hpp"
#include "engine/request_text.hpp"
#include "engine/scenario_lane.hpp"
#include "engine/virtual_user.hpp"
#include "http/html.hpp"
#include "http/transport.hpp"

namespace rollcall::engine {

namespace asio = boost::asio;
using scenario::Step;
using scenario::Steps;

namespace {

// How a step (or a run of steps) ended. retry never leaves a step: it is
// the step's own business (wait, then send it again).
enum class Flow { next, stop, give_up, abandon, retry };

// Which requests are load the failures added on top of the arrivals.
enum class Sending { first, retry, refresh };

bool is_redirect(unsigned status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// A hop's own name when the scenario gives none: the first segment of its
// path ("/cas/login" -> "cas"), as people name the servers of a login.
// The path is the server's: a segment that carries a session id or a token
// (";jsessionid=...", a UUID, a run of hex or digits, escapes) would make a
// metrics line per user and print the token; such a hop is named "hop".
std::string hop_name_from(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  path = path.substr(0, path.find('/'));
  path = path.substr(0, path.find(';'));
  if (path.empty()) return "home";
  if (path.size() > 32) return "hop";
  std::size_t digits = 0;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isdigit(c))
      ++digits;
    else if (!(std::isalpha(c) || c == '-' || c == '_' || c == '.'))
      return "hop";
  }
  // Services have names ("cas", "portal", "ent2"); ids have digits.
  return digits > 2 ? std::string("hop") : std::string(path);
}

std::string join_name(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{} > {}", prefix, name);
}

class Journey {
 public:
  Journey(ScenarioLane& lane, VirtualUser& user, TimePoint intended_start)
      : lane_(lane),
        user_(user),
        persona_(lane.scenario.personas[user.persona]),
        defaults_(lane.scenario.defaults),
        policy_(persona_.on_failure),
        admission_(lane.scenario.admission),
        admission_reads_body_(admission_.reads_body()),
        intended_start_(intended_start),
        context_{user.variables, user.rng} {}

  asio::awaitable<JourneyEnd> run() {
    const std::string no_prefix;
    // Who the user is (feeder row, builtins), for a restart from scratch.
    std::optional<scenario::Variables> identity;
    if (policy_.restarts > 0) identity = user_.variables;
    JourneyEnd end = JourneyEnd::failed;
    for (unsigned restarts = 0;; ++restarts) {
      const Flow flow = co_await run_steps(persona_.flow, no_prefix, true);
      if (flow == Flow::stop && !policy_.none && policy_.retries_step(failed_step_)) {
        if (restarts < policy_.restarts) {
          const auto delay = policy_.restart_delay.draw(user_.rng);
          if (within_patience(delay)) {
            ++lane_.stats.step(failed_step_).restarts;
            ++lane_.stats.persona(user_.persona).restarts;
            if (co_await pause(delay) == Flow::abandon) {
              end = JourneyEnd::abandoned;
              break;
            }
            restart_user(*identity);
            continue;
          }
        }
        give_up_step(failed_step_);
        end = JourneyEnd::gave_up;
        break;
      }
      end = flow == Flow::next      ? JourneyEnd::completed
            : flow == Flow::give_up ? JourneyEnd::gave_up
            : flow == Flow::abandon ? JourneyEnd::abandoned
                                    : JourneyEnd::failed;
      break;
    }
    if (waited_.count() > 0) lane_.stats.persona(user_.persona).waiting_time.record(to_micros(waited_));
    co_return end;
  }

 private:
  asio::awaitable<Flow> run_steps(const Steps& steps, const std::string& prefix, bool top_level) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (Clock::now() >= lane_.hard_stop) co_return Flow::abandon;
      const Flow flow = co_await run_step(steps[i], prefix);
      if (flow != Flow::next) co_return flow;
      // The default think time separates a persona's steps, as a person
      // reads a page before the next click.
      if (top_level && i + 1 < steps.size() && is_request_like(steps[i]) && !is_think(steps[i + 1])) {
        if (const auto& think = persona_.think ? persona_.think : defaults_.think) {
          if (co_await pause(think->draw(user_.rng)) == Flow::abandon) co_return Flow::abandon;
        }
      }
    }
    co_return Flow::next;
  }

  static bool is_request_like(const Step& s) {
    return std::holds_alternative<scenario::RequestStep>(s.what) ||
           std::holds_alternative<scenario::SubmitFormStep>(s.what) ||
           std::holds_alternative<scenario::FetchStep>(s.what);
  }
  static bool is_think(const Step& s) { return std::holds_alternative<scenario::ThinkStep>(s.what); }

  // Names are built before each co_await: GCC 12 mishandles temporaries
  // with destructors inside a co_await expression.
  asio::awaitable<Flow> run_step(const Step& step, const std::string& prefix) {
    std::string joined;  // only when there is a prefix: most steps use their own name as is
    if (auto* r = std::get_if<scenario::RequestStep>(&step.what)) {
      const std::string& name = prefix.empty() ? r->name : (joined = join_name(prefix, r->name));
      co_return co_await run_request(*r, name, user_.page, user_.page_url);
    }
    if (auto* s = std::get_if<scenario::SubmitFormStep>(&step.what)) {
      const std::string& name = prefix.empty() ? s->name : (joined = join_name(prefix, s->name));
      co_return co_await run_submit(*s, name);
    }
    if (auto* f = std::get_if<scenario::FetchStep>(&step.what)) {
      const std::string name = f->name.empty() ? prefix : join_name(prefix, f->name);
      co_return co_await run_fetch(*f, name);
    }
    if (auto* g = std::get_if<scenario::GroupStep>(&step.what)) {
      const std::string name = g->name.empty() ? prefix : join_name(prefix, g->name);
      co_return co_await run_steps(g->steps, name, false);
    }
    if (auto* rep = std::get_if<scenario::RepeatStep>(&step.what)) {
      std::string text;
      scenario::VariableId missing = 0;
      if (!rep->count.render(context_, text, missing)) {
        const std::string name = join_name(prefix, "repeat");
        note_missing(name, missing);
        co_return failed_at(name);
      }
      const long count = std::strtol(text.c_str(), nullptr, 10);
      for (long i = 0; i < count; ++i) {
        const Flow flow = co_await run_steps(rep->steps, prefix, false);
        if (flow != Flow::next) co_return flow;
      }
      co_return Flow::next;
    }
    if (auto* w = std::get_if<scenario::WhileStep>(&step.what)) {
      for (unsigned i = 0; i < w->max_iterations && w->condition.holds(context_); ++i) {
        const Flow flow = co_await run_steps(w->steps, prefix, false);
        if (flow != Flow::next) co_return flow;
      }
      co_return Flow::next;
    }
    if (auto* c = std::get_if<scenario::IfStep>(&step.what)) {
      co_return co_await run_steps(c->condition.holds(context_) ? c->then_steps : c->else_steps, prefix, false);
    }
    if (auto* t = std::get_if<scenario::ThinkStep>(&step.what)) {
      co_return co_await pause(t->think.draw(user_.rng));
    }
    co_return Flow::next;
  }

  asio::awaitable<Flow> pause(std::chrono::nanoseconds d) {
    if (d.count() <= 0) co_return Flow::next;
    asio::steady_timer timer(lane_.io);
    const auto wake = Clock::now() + d;
    timer.expires_at(std::min(wake, lane_.hard_stop));
    co_await timer.async_wait(http::nothrow_awaitable);
    co_return wake > lane_.hard_stop ? Flow::abandon : Flow::next;
  }

  // ------------------------------------------------------------- requests
  asio::awaitable<Flow> run_request(const scenario::RequestStep& step, const std::string& name,
                                    http::ResponseData& response, std::string& url) {
    const std::string base_url = url;  // a retry resolves against the same page
    Sending sending = restarted_ ? Sending::retry : Sending::first;
    for (unsigned retries = 0;;) {
      RequestText text(lane_.scenario, context_);
      url = base_url;
      if (!text.build(step)) co_return fail_build(name, text);
      const Flow flow = co_await send(text, step.redirects, name, step.expect, step.extract, step.keeps_body,
                                      step.timeout.value_or(defaults_.timeout), response, url, sending);
      const Flow then = co_await after_attempt(flow, name, retries, sending);
      if (then != Flow::retry) co_return then;
    }
  }

  asio::awaitable<Flow> run_submit(const scenario::SubmitFormStep& step, const std::string& name) {
    // The form and its page's URL outlive the attempts: a failed attempt
    // replaces the page with its error page, and a person retrying still
    // has the form in front of them.
    const auto forms = http::parse_forms(user_.page.body);
    const std::string form_page_url = user_.page_url;
    const http::HtmlForm* form = http::select_form(forms, step.form_selector);
    if (!form) {
      auto& stats = lane_.stats.step(name);
      count(stats, Outcome::expectation_failed);
      note_message(stats, step.form_selector.empty() ? std::string("the page has no form")
                                                     : fmt::format("the page has no form '{}'", step.form_selector));
      co_return failed_at(name);
    }
    Sending sending = restarted_ ? Sending::retry : Sending::first;
    for (unsigned retries = 0;;) {
      RequestText text(lane_.scenario, context_);
      if (!text.build_form(step, *form, form_page_url)) co_return fail_build(name, text);
      const Flow flow = co_await send(text, step.redirects, name, step.expect, step.extract, step.keeps_body,
                                      step.timeout.value_or(defaults_.timeout), user_.page, user_.page_url, sending);
      const Flow then = co_await after_attempt(flow, name, retries, sending);
      if (then != Flow::retry) co_return then;
    }
  }

  // What the user does after a failed attempt at a step: retry as the
  // persona does, or give up. `retries` counts this step's retries so far;
  // `sending` says what the next attempt's requests are.
  asio::awaitable<Flow> after_attempt(Flow flow, const std::string& name, unsigned& retries, Sending& sending) {
    if (flow != Flow::stop) co_return flow;
    if (policy_.none || !policy_.retries_step(name)) co_return failed_at(name);
    if (retries >= policy_.retries) co_return failed_at(name);  // the journey may restart
    const auto delay = policy_.retry_delay.draw(user_.rng);
    if (!within_patience(delay)) co_return give_up_step(name);
    ++retries;
    ++lane_.stats.step(name).retries;
    ++lane_.stats.persona(user_.persona).retries;
    if (co_await pause(delay) == Flow::abandon) co_return Flow::abandon;
    sending = Sending::retry;
    co_return Flow::retry;
  }

  // Whether the user is still willing to try after waiting `d` more.
  bool within_patience(std::chrono::nanoseconds d) const {
    return !policy_.patience || Clock::now() + d - intended_start_ <= *policy_.patience;
  }

  Flow failed_at(const std::string& name) {
    failed_step_ = name;
    return Flow::stop;
  }

  Flow give_up_step(const std::string& name) {
    ++lane_.stats.step(name).gave_up;
    return Flow::give_up;
  }

  // F5: the login again from the first page, as the same person (same
  // account), in the same browser unless the persona opens a new window.
  void restart_user(const scenario::Variables& identity) {
    if (!policy_.restart_keeps_cookies) user_.cookies.clear();
    user_.variables = identity;
    user_.page.clear();
    user_.page_url.clear();
    restarted_ = true;
  }

  // A fetch group: up to max_connections_per_host requests at a time, as a
  // browser loads a page's API calls.
  asio::awaitable<Flow> run_fetch(const scenario::FetchStep& step, const std::string& prefix) {
    FetchState state{step, prefix, 0, step.requests.size(), Flow::next, asio::steady_timer(lane_.io)};
    const std::size_t workers = std::min<std::size_t>(step.requests.size(), std::max(1u, defaults_.max_connections_per_host));
    state.remaining = workers;
    state.done.expires_at(TimePoint::max());
    for (std::size_t i = 0; i < workers; ++i)
      asio::co_spawn(lane_.io, fetch_worker(*this, state), [&state](std::exception_ptr) {
        if (--state.remaining == 0) state.done.cancel();
      });
    co_await state.done.async_wait(http::nothrow_awaitable);
    co_return state.flow;
  }

  struct FetchState {
    const scenario::FetchStep& step;
    const std::string& prefix;
    std::size_t next;
    std::size_t remaining;
    Flow flow;
    asio::steady_timer done;
  };

  static asio::awaitable<void> fetch_worker(Journey& self, FetchState& state) {
    http::ResponseData response;
    std::string url;
    while (state.next < state.step.requests.size() && state.flow == Flow::next) {
      const auto& request = state.step.requests[state.next++];
      url = self.user_.page_url;
      const std::string name = join_name(state.prefix, request.name);
      const Flow flow = co_await self.run_request(request, name, response, url);
      if (flow != Flow::next && state.flow == Flow::next) state.flow = flow;
    }
  }

  // Sends a request, follows its redirects (each hop on its own metrics
  // line), keeps cookies at every hop, then checks the final answer.
  asio::awaitable<Flow> send(RequestText& text, const scenario::RedirectPolicy& redirects, const std::string& name,
                             const scenario::Expect& expect, const std::vector<scenario::Extraction>& extract,
                             bool keeps_body, std::chrono::nanoseconds timeout, http::ResponseData& response,
                             std::string& final_url, Sending sending) {
    std::string hop_name = name;
    Sending kind = sending;  // of the next request: a waiting room's refresh is one
    for (unsigned hop = 0;;) {
      const bool last_possible = !redirects.follow || hop >= redirects.max;
      // Only the final answer's body can be needed; an intermediate hop's is counted, not kept.
      // Admission rules that read pages need the body of every answer; a
      // waiting room or quota page is small, so the first 64 KiB do.
      const std::size_t body_cap = keeps_body ? lane_.plan.body_cap : std::min<std::size_t>(lane_.plan.body_cap, 64 * 1024);
      const ExchangeOptions options{keeps_body || admission_reads_body_, body_cap, text.method == "HEAD", timeout,
                                    defaults_.connect_timeout};
      const TimePoint sent_at = first_request_ ? intended_start_ : Clock::now();
      if (first_request_) lane_.stats.start_lag.record(to_micros(Clock::now() - intended_start_));
      first_request_ = false;
      text.finish(user_.cookies);
      HostState* host = find_host(text);
      if (!host) host = co_await add_host(text);
      if (!host) {
        auto& stats = lane_.stats.step(hop_name);
        count(stats, Outcome::transport_error);
        count_failure(stats, http::Failure::unreachable);
        note_message(stats, fmt::format("cannot resolve {}", text.target.host));
        co_return Flow::stop;
      }
      std::shared_ptr<VuConnection> connection = acquire(*host);
      connection->busy = true;
      const ExchangeResult result = co_await connection->exchange(text.bytes, text.body(), response, options);
      connection->busy = false;
      // Looked up after the exchange: the lane may have started a new interval meanwhile.
      auto& stats = lane_.stats.step(hop_name);
      count_request(kind);
      kind = sending;
      if (result.abandoned) co_return Flow::abandon;
      if (result.failure != http::Failure::none && result.failure != http::Failure::http_4xx &&
          result.failure != http::Failure::http_5xx) {
        // A timeout took its whole timeout: a latency objective that left it
        // out would pass the more requests time out.
        stats.latency.record(to_micros(Clock::now() - sent_at));
        count(stats, Outcome::transport_error);
        count_failure(stats, result.failure);
        co_return Flow::stop;
      }
      const auto latency = to_micros(Clock::now() - sent_at);
      store_cookies(text, response);
      final_url = text.url;
      if (!admission_.empty()) {
        const Admitted admitted = classify_admission(admission_, response);
        if (admitted == Admitted::queued) {
          stats.queued_latency.record(latency);
          count(stats, Outcome::queued);
          // As the page's refresh does: the same request again, at the same
          // hop, once the wait it asks for has passed.
          const auto wait = admission_wait(response, admission_.queued_wait, std::chrono::system_clock::now());
          if (waited_ + wait > admission_.queued_patience || !within_patience(wait)) co_return give_up_step(name);
          const auto before = Clock::now();
          const Flow slept = co_await pause(wait);
          waited_ += Clock::now() - before;
          if (slept == Flow::abandon) co_return Flow::abandon;
          if (sending == Sending::first) kind = Sending::refresh;
          continue;
        }
        if (admitted == Admitted::rejected) {
          stats.rejected_latency.record(latency);
          count(stats, Outcome::rejected);
          co_return Flow::stop;
        }
      }
      stats.latency.record(latency);

      const auto location = response.header("Location");
      if (is_redirect(response.status) && location && !last_possible) {
        auto next = http::resolve_url(text.url, *location);
        if (!next) {
          count(stats, Outcome::expectation_failed);
          note_message(stats, "a redirect to an invalid Location");
          co_return Flow::stop;
        }
        if (!text.redirect_to(std::move(*next), response.status)) {
          count(stats, Outcome::expectation_failed);
          note_message(stats, text.problem);
          co_return Flow::stop;
        }
        count(stats, Outcome::success);
        hop_name = join_name(name, hop < redirects.hop_names.size() ? redirects.hop_names[hop]
                                                                    : hop_name_from(text.target.path_and_query));
        ++hop;
        continue;
      }
      const CheckResult check = check_response(expect, response, context_);
      if (check.outcome != Outcome::success) {
        count(stats, check.outcome);
        if (check.outcome == Outcome::http_error) count_failure(stats, http::classify_status(response.status));
        note_message(stats, check.message);
        co_return Flow::stop;
      }
      if (auto problem = extract_values(extract, response, user_)) {
        count(stats, Outcome::expectation_failed);
        note_message(stats, *problem);
        co_return Flow::stop;
      }
      count(stats, Outcome::success);
      if (!keeps_body) response.shrink();
      co_return Flow::next;
    }
  }

  // The user's state for the request's host, if it has met it already.
  HostState* find_host(const RequestText& text) {
    for (auto& h : user_.hosts)
      if (h.key.port == text.target.port && h.key.tls == text.target.tls && h.key.host == text.target.host) return &h;
    return nullptr;
  }

  // A host met for the first time: resolved once per run, whatever lane.
  asio::awaitable<HostState*> add_host(const RequestText& text) {
    HostKey key{text.target.tls, text.target.host, text.target.port};
    auto endpoints = lane_.shared.resolver.find(key);
    if (!endpoints) {
      asio::ip::tcp::resolver resolver(lane_.io);
      auto [ec, results] = co_await resolver.async_resolve(key.host, std::to_string(key.port), http::nothrow_awaitable);
      if (ec || results.empty()) co_return nullptr;
      ResolverCache::Endpoints list;
      for (const auto& r : results) list.push_back(r.endpoint());
      lane_.shared.resolver.insert(key, list);
      endpoints = std::move(list);
    }
    HostState state{key, endpoints->front(), nullptr, {}};
    if (key.tls)
      state.tls = std::make_unique<http::TlsSessionCache>(lane_.shared.tls_context, key.host, lane_.plan.tls.verify);
    user_.hosts.push_back(std::move(state));
    co_return &user_.hosts.back();
  }

  std::shared_ptr<VuConnection> acquire(HostState& host) {
    for (auto& c : host.connections)
      if (!c->busy) return c;
    auto c = host.tls ? make_tls_connection(lane_, host.endpoint, *host.tls) : make_plain_connection(lane_, host.endpoint);
    host.connections.push_back(c);
    return c;
  }

  void store_cookies(const RequestText& text, const http::ResponseData& response) {
    const auto now = std::chrono::system_clock::now();
    const http::CookieUrl where{text.target.tls, text.target.host, text.path()};
    for (const auto& f : response.fields) {
      const auto n = response.field_name(f);
      if (n.size() == 10 && strncasecmp(n.data(), "Set-Cookie", 10) == 0)
        user_.cookies.store(where, response.field_value(f), now);
    }
  }

  Flow fail_build(const std::string& name, const RequestText& text) {
    if (text.missing) {
      note_missing(name, *text.missing);
    } else {
      auto& stats = lane_.stats.step(name);
      count(stats, Outcome::expectation_failed);
      note_message(stats, text.problem);
    }
    return failed_at(name);
  }

  // Every outcome of a request, for its step and for the user's persona.
  void count(StepStats& stats, Outcome o) {
    ++stats.outcomes[static_cast<std::size_t>(o)];
    ++lane_.stats.persona(user_.persona).outcomes[static_cast<std::size_t>(o)];
  }
  void count_failure(StepStats& stats, http::Failure f) {
    ++stats.failures[static_cast<std::size_t>(f)];
    ++lane_.stats.persona(user_.persona).failures[static_cast<std::size_t>(f)];
  }

  void count_request(Sending sending) {
    ++lane_.stats.requests;
    if (sending == Sending::retry)
      ++lane_.stats.retry_requests;
    else if (sending == Sending::refresh)
      ++lane_.stats.refresh_requests;
  }

  void note_missing(const std::string& name, scenario::VariableId id) {
    auto& stats = lane_.stats.step(name);
    count(stats, Outcome::missing_variable);
    if (stats.missing_variables.size() < 8) stats.missing_variables.insert(lane_.scenario.symbols.name(id));
  }

  // Messages quote the server (a form's action, a page's text): made
  // printable once here, for every output that shows them.
  static void note_message(StepStats& stats, const std::string& message) {
    if (!message.empty() && stats.expectation_messages.size() < 8) stats.expectation_messages.insert(printable(message));
  }

  ScenarioLane& lane_;
  VirtualUser& user_;
  const scenario::Persona& persona_;
  const scenario::Defaults& defaults_;
  const scenario::FailurePolicy& policy_;
  const scenario::Admission& admission_;
  const bool admission_reads_body_;
  TimePoint intended_start_;
  scenario::RenderContext context_;
  bool first_request_ = true;
  bool restarted_ = false;                 // every request after an F5 is load the failure added
  std::string failed_step_;                // where the journey stopped
  std::chrono::nanoseconds waited_{};        // in waiting rooms, this journey
};

}  // namespace

asio::awaitable<JourneyEnd> run_journey(ScenarioLane& lane, VirtualUser& user, TimePoint intended_start) {
  Journey journey(lane, user, intended_start);
  co_return co_await journey.run();
}

}  // namespace rollcall::engine
