#include "engine/journey.hpp"

#include <cctype>
#include <chrono>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>
#include <strings.h>

#include "common/printable.hpp"
#include "engine/admission.hpp"
#include "engine/checks.hpp"
#include "engine/failure_detail.hpp"
#include "engine/journey_clock.hpp"
#include "engine/redactor.hpp"
#include "engine/request_text.hpp"
#include "engine/scenario_lane.hpp"
#include "engine/virtual_user.hpp"
#include "http/html_forms.hpp"
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
// The path is the server's: a segment that may carry a session id or a
// token would make a metrics line per user and print the token, so only a
// segment that reads like a name is used, else the hop is "hop". A name:
// at most 24 characters of letters, '-', '_' and '.', with at most two
// digits ("ent2", "oauth2"), and letters of one case, or capitalised
// ("Shibboleth"): random tokens mix cases ("Zq_xKpLmWvRtYbNs-HjDgF") or
// carry digits.
std::string hop_name_from(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  path = path.substr(0, path.find('/'));
  path = path.substr(0, path.find(';'));
  if (path.empty()) return "home";
  if (path.size() > 24) return "hop";
  std::size_t digits = 0, upper = 0, lower = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto c = static_cast<unsigned char>(path[i]);
    if (std::isdigit(c))
      ++digits;
    else if (std::isupper(c))
      upper += i > 0 ? 1 : 0;  // a capital first letter is a name's
    else if (std::islower(c))
      ++lower;
    else if (!(c == '-' || c == '_' || c == '.'))
      return "hop";
  }
  if (digits > 2 || (upper > 0 && lower > 0)) return "hop";
  return std::string(path);
}

std::string join_name(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{} > {}", prefix, name);
}

class Journey {
 public:
  Journey(ScenarioLane& lane, VirtualUser& user, JourneyClock& clock)
      : lane_(lane),
        user_(user),
        persona_(lane.scenario.personas[user.persona]),
        defaults_(lane.scenario.defaults),
        policy_(persona_.on_failure),
        admission_(lane.scenario.admission),
        admission_reads_body_(admission_.reads_body()),
        clock_(clock),
        context_{user.variables, user.rng} {}

  asio::awaitable<JourneyEnd> run() {
    // How late the generator woke for this arrival: recorded once, before
    // the flow, so that a leading think time is never read as lateness.
    lane_.stats.start_lag.record(clock_.start_lag(Clock::now()));
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
      if (lane_.plan.think && top_level && i + 1 < steps.size() && is_request_like(steps[i]) && !is_think(steps[i + 1])) {
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
      if (!lane_.plan.think) co_return Flow::next;
      co_return co_await pause(t->think.draw(user_.rng));
    }
    co_return Flow::next;
  }

  // A think time, a retry's delay or a wait the server asked for, cut at
  // the hard stop. An interrupt brings the hard stop forward and wakes the
  // timer: the user sleeps on to the wake-up or the new hard stop,
  // whichever is first. The pause ends within its window, with whatever
  // else wakes the lane then (pauses.hpp); what it actually lasted moves
  // the first request's due time.
  asio::awaitable<Flow> pause(std::chrono::nanoseconds d, bool asked_by_server = false) {
    if (d.count() <= 0) co_return Flow::next;
    asio::steady_timer timer(lane_.io);
    const InterruptibleWait wait(lane_.stoppables, timer);
    const auto began = Clock::now();
    const auto length = std::chrono::duration_cast<Clock::duration>(d);
    const auto window = Pauses::window(length, asked_by_server);
    const Pauses::Ticket ticket(lane_.pauses, began + window.earliest, timer);
    while (Clock::now() < std::min(began + window.earliest, lane_.hard_stop)) {
      timer.expires_at(std::min(began + window.latest, lane_.hard_stop));
      auto [ec] = co_await timer.async_wait(http::nothrow_awaitable);
      if (!ec) {
        lane_.timer_fired(timer.expiry());
        lane_.awake();  // the other pauses whose window is open end with this one
      } else if (const auto woken = ticket.woken()) {
        lane_.timer_fired(*woken);
      }
    }
    clock_.paused(Clock::now() - began);
    co_return began + length > lane_.hard_stop ? Flow::abandon : Flow::next;
  }

  // ------------------------------------------------------------- requests
  asio::awaitable<Flow> run_request(const scenario::RequestStep& step, const std::string& name,
                                    http::ResponseData& response, std::string& url) {
    co_return co_await attempt_step(step, name, nullptr, response, url);
  }

  asio::awaitable<Flow> run_submit(const scenario::SubmitFormStep& step, const std::string& name) {
    // The form and its page's URL outlive the attempts: a failed attempt
    // replaces the page with its error page, and a person retrying still
    // has the form in front of them. The forms were read at most once, by
    // the last step's extractions or now.
    const std::vector<http::HtmlForm> forms = ParsedPage(user_.page).take_forms();
    const http::HtmlForm* form = http::select_form(forms, step.form_selector);
    if (!form) {
      std::string what = step.form_selector.empty() ? std::string("the page has no form")
                                                    : fmt::format("the page has no form '{}'", step.form_selector);
      // What was not read cannot be searched: say so rather than blame the page.
      if (user_.page.body_truncated)
        what += fmt::format(" in the first {} KiB kept of a larger page", user_.page.body.size() / 1024);
      detail_failure(lane_.stats.step(name), &user_.page, user_.page_url, what, Wanted{{}, step.form_selector});
      co_return not_sent(name, Outcome::expectation_failed, http::Failure::none, what);
    }
    co_return co_await attempt_step(step, name, form, user_.page, user_.page_url);
  }

  // What a step asks of its request and of the answer.
  struct RequestRules {
    const scenario::RedirectPolicy& redirects;
    const scenario::Expect& expect;
    const std::vector<scenario::Extraction>& extract;
    bool keeps_body;
    std::chrono::nanoseconds timeout;
  };

  // A request step or a form submission: built, sent, and sent again as
  // the persona's failure policy says. The two differ only in how the
  // request is built; a retry starts from the same page (`url`, the form's
  // page for a submission).
  template <class StepKind>
  asio::awaitable<Flow> attempt_step(const StepKind& step, const std::string& name, const http::HtmlForm* form,
                                     http::ResponseData& response, std::string& url) {
    const std::string base_url = url;
    const RequestRules rules{step.redirects, step.expect, step.extract, step.keeps_body,
                             step.timeout.value_or(defaults_.timeout)};
    Sending sending = restarted_ ? Sending::retry : Sending::first;
    for (unsigned retries = 0;;) {
      RequestText text(lane_.scenario, context_, &lane_.spare_bodies);
      url = base_url;
      bool built = false;
      if constexpr (std::is_same_v<StepKind, scenario::SubmitFormStep>)
        built = text.build_form(step, *form, base_url);
      else
        built = text.build(step);
      if (!built) co_return fail_build(name, text);
      if constexpr (std::is_same_v<StepKind, scenario::SubmitFormStep>)
        if (lane_.observer) lane_.observer->form_chosen(user_, name, *form, text);
      const Flow flow = co_await send(text, rules, name, response, url, sending);
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
  bool within_patience(std::chrono::nanoseconds d) const { return clock_.within(policy_.patience, d, Clock::now()); }

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
      asio::co_spawn(lane_.io, fetch_worker(*this, state), [this, &state](std::exception_ptr error) {
        // A worker that threw is a bug in rollcall: counted, and the step fails.
        if (error) {
          ++lane_.stats.internal_errors;
          if (state.flow == Flow::next) state.flow = failed_at(state.prefix);
        }
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

  // Sends a request and follows its redirects, each hop on its own metrics
  // line and with cookies kept at every hop: exchange, then wait in a
  // waiting room, follow a redirect, or judge the final answer. Every
  // request sent ends in exactly one record() (or is counted unfinished).
  asio::awaitable<Flow> send(RequestText& text, const RequestRules& rules, const std::string& name,
                             http::ResponseData& response, std::string& final_url, Sending sending) {
    std::string hop_name = name;
    Sending kind = sending;  // of the next request: a waiting room's refresh is one
    for (unsigned hop = 0;;) {
      HostState* host = find_host(text);
      if (!host) host = co_await add_host(text);
      if (!host) co_return not_sent(hop_name, Outcome::transport_error, http::Failure::unreachable, resolve_problem_);
      text.finish(user_.cookies, host->forward);
      const auto sent_wall = lane_.observer ? std::chrono::system_clock::now() : std::chrono::system_clock::time_point{};
      const Sent sent = co_await exchange(*host, text, rules, response, kind);
      if (sent.abandoned) {
        ++lane_.stats.unfinished;
        co_return Flow::abandon;
      }
      kind = sending;
      const bool answered = http::is_answer(sent.failure);
      if (lane_.observer)
        lane_.observer->exchanged(user_, Exchange{hop_name, text, answered ? &response : nullptr, sent.failure, sent_wall,
                                                  sent.latency_us});
      // Looked up after the exchange: the lane may have started a new interval meanwhile.
      auto& stats = lane_.stats.step(hop_name);
      count_bytes(stats, sent);
      if (!answered) {
        // A timeout took its whole timeout: a latency objective that left it
        // out would pass the more requests time out.
        const std::string why = sent.proxy_status ? fmt::format("the proxy answered {} to CONNECT", sent.proxy_status)
                                                  : std::string(failure_message(sent.failure, response));
        record(stats, Outcome::transport_error, sent.latency_us, sent.failure, why);
        detail_failure(stats, nullptr, text.url, why.empty() ? std::string(http::failure_name(sent.failure)) : why, {});
        co_return Flow::stop;
      }
      store_cookies(text, response);
      final_url = text.url;
      const Admitted admitted = admission_.empty() ? Admitted::yes : classify_admission(admission_, response);
      if (admitted == Admitted::queued) {
        record(stats, Outcome::queued, sent.latency_us);
        const Flow waited = co_await wait_in_room(response, name);
        if (waited != Flow::next) co_return waited;
        if (sending == Sending::first) kind = Sending::refresh;
        continue;  // the same request again, at the same hop
      }
      if (admitted == Admitted::rejected) {
        record(stats, Outcome::rejected, sent.latency_us);
        detail_failure(stats, &response, text.url, "rejected: the platform's quota page", {});
        co_return Flow::stop;
      }
      const auto location = response.header("Location");
      if (is_redirect(response.status) && location && rules.redirects.follow && hop < rules.redirects.max) {
        if (!follow(text, *location, response.status, stats, sent.latency_us)) co_return Flow::stop;
        hop_name = join_name(name, hop < rules.redirects.hop_names.size() ? rules.redirects.hop_names[hop]
                                                                          : hop_name_from(text.target.path_and_query));
        ++hop;
        continue;
      }
      co_return judge(rules, response, final_url, stats, sent.latency_us);
    }
  }

  struct Sent {
    http::Failure failure;
    bool abandoned;            // cut by the run's hard stop: no outcome
    std::int64_t latency_us;   // from when it was due
    std::uint64_t bytes_read;     // from the socket, as sent
    std::uint64_t decoded_bytes;  // the kept body, decoded
    unsigned proxy_status = 0; // the proxy refused the tunnel with this status
  };

  void count_bytes(StepStats& stats, const Sent& sent) {
    stats.bytes_read += sent.bytes_read;
    stats.decoded_bytes += sent.decoded_bytes;
    lane_.stats.decoded_bytes += sent.decoded_bytes;
  }

  // What the failure class alone does not say.
  static std::string_view failure_message(http::Failure failure, const http::ResponseData& response) {
    return failure == http::Failure::undecodable ? std::string_view(response.decode_problem) : std::string_view();
  }

  // One request on one of the user's connections to `host`, counted as
  // sent whatever became of it.
  asio::awaitable<Sent> exchange(HostState& host, RequestText& text, const RequestRules& rules,
                                 http::ResponseData& response, Sending kind) {
    // Only the final answer's body can be needed; an intermediate hop's is counted, not kept.
    // Admission rules that read pages need the body of every answer; a
    // waiting room or quota page is small, so the first 64 KiB do.
    const std::size_t body_cap =
        rules.keeps_body ? lane_.plan.body_cap : std::min<std::size_t>(lane_.plan.body_cap, 64 * 1024);
    const ExchangeOptions options{rules.keeps_body || admission_reads_body_, body_cap, text.method == "HEAD",
                                  rules.timeout, defaults_.connect_timeout};
    const TimePoint sent_at = clock_.request_sent(Clock::now());
    std::shared_ptr<VuConnection> connection = acquire(host);
    connection->busy = true;
    const ExchangeResult result = co_await connection->exchange(text.bytes, text.body(), response, options);
    connection->busy = false;
    count_request(kind);
    if (result.resent) ++lane_.stats.stale_retries;
    co_return Sent{result.failure, result.abandoned, to_micros(Clock::now() - sent_at), result.bytes_read,
                   result.decoded_bytes, result.proxy_status};
  }

  // A waiting room: the user waits as long as the page asks, then the
  // page's refresh sends the same request again; unless that wait is
  // beyond their patience.
  asio::awaitable<Flow> wait_in_room(const http::ResponseData& response, const std::string& name) {
    const auto wait = admission_wait(response, admission_.queued_wait, std::chrono::system_clock::now());
    if (waited_ + wait > admission_.queued_patience || !within_patience(wait)) co_return give_up_step(name);
    const auto before = Clock::now();
    const Flow slept = co_await pause(wait, true);
    waited_ += Clock::now() - before;
    co_return slept;
  }

  // A redirect hop answered: its request succeeded when the Location leads
  // somewhere rollcall may go.
  bool follow(RequestText& text, std::string_view location, unsigned status, StepStats& stats, std::int64_t latency_us) {
    auto next = http::resolve_url(text.url, location);
    if (!next) {
      record(stats, Outcome::expectation_failed, latency_us, http::Failure::none, "a redirect to an invalid Location");
      detail_failure(stats, nullptr, text.url, "a redirect to an invalid Location", {});
      return false;
    }
    if (!text.redirect_to(std::move(*next), status)) {
      record(stats, Outcome::expectation_failed, latency_us, http::Failure::none, text.problem);
      detail_failure(stats, nullptr, text.url, text.problem, {});
      return false;
    }
    record(stats, Outcome::success, latency_us);
    return true;
  }

  // The final answer against the step's expectations, then its extractions.
  Flow judge(const RequestRules& rules, http::ResponseData& response, const std::string& url, StepStats& stats,
             std::int64_t latency_us) {
    ParsedPage page(response);
    const CheckResult check = check_response(rules.expect, page, context_);
    if (check.outcome != Outcome::success) {
      const auto failure =
          check.outcome == Outcome::http_error ? http::classify_status(response.status) : http::Failure::none;
      record(stats, check.outcome, latency_us, failure, check.message);
      detail_failure(stats, &response, url, check.message, Wanted{check.expected, {}});
      return Flow::stop;
    }
    if (auto problem = extract_values(rules.extract, page, user_)) {
      record(stats, Outcome::expectation_failed, latency_us, http::Failure::none, *problem);
      detail_failure(stats, &response, url, *problem, {});
      return Flow::stop;
    }
    if (lane_.observer) tell_extractions(rules.extract);
    record(stats, Outcome::success, latency_us);
    if (!rules.keeps_body) response.shrink();
    return Flow::next;
  }

  // The user's state for the request's host, if it has met it already.
  HostState* find_host(const RequestText& text) {
    for (auto& h : user_.hosts)
      if (h.key.port == text.target.port && h.key.tls == text.target.tls && h.key.host == text.target.host) return &h;
    return nullptr;
  }

  // A host met for the first time: resolved once per run, whatever lane,
  // within the connect timeout (a resolver that never answers must not
  // hold the user past it). Through a proxy, the proxy is resolved, not
  // the host: the proxy reaches it.
  asio::awaitable<HostState*> add_host(const RequestText& text) {
    HostKey key{text.target.tls, text.target.host, text.target.port};
    const http::Proxy* proxy = http::proxy_for(lane_.plan.proxies, key.tls, key.host, key.port);
    const HostKey route = proxy ? HostKey{false, proxy->host, proxy->port} : key;
    auto endpoints = lane_.shared.resolver.find(route);
    if (!endpoints) {
      const auto lookup = co_await resolve_within(route, defaults_.connect_timeout);
      if (!lookup.ok()) {
        resolve_problem_ = lookup.timed_out ? fmt::format("no answer from DNS for {} within the connect timeout", route.host)
                                            : fmt::format("cannot resolve {}", route.host);
        co_return nullptr;
      }
      lane_.shared.resolver.insert(route, lookup.endpoints);
      endpoints = lookup.endpoints;
    }
    HostState state{key, endpoints->front(), nullptr, {}, nullptr, nullptr};
    if (key.tls)
      state.tls = std::make_unique<http::TlsSessionCache>(lane_.shared.tls_context.get(), key.host, lane_.plan.tls.verify);
    if (proxy && key.tls)
      state.tunnel = std::make_shared<const std::string>(http::connect_request(*proxy, key.host, key.port));
    else if (proxy)
      state.forward = proxy;
    user_.hosts.push_back(std::move(state));
    co_return &user_.hosts.back();
  }

  struct Lookup {
    ResolverCache::Endpoints endpoints;
    bool timed_out = false;
    bool ok() const { return !endpoints.empty(); }
  };

  // The resolver runs getaddrinfo on a thread of its own and cannot cut it
  // short: the wait is on a timer that either the answer or the timeout
  // ends. The lookup's state is shared with its handler, which may come
  // after this user has moved on.
  asio::awaitable<Lookup> resolve_within(const HostKey& key, std::chrono::nanoseconds timeout) {
    struct State {
      explicit State(asio::io_context& io) : resolver(io), done(io) {}
      asio::ip::tcp::resolver resolver;
      asio::steady_timer done;
      ResolverCache::Endpoints endpoints;
      bool answered = false;
    };
    auto state = std::make_shared<State>(lane_.io);
    state->done.expires_after(timeout);
    state->resolver.async_resolve(key.host, std::to_string(key.port),
                                  [state](boost::system::error_code ec, asio::ip::tcp::resolver::results_type results) {
                                    state->answered = true;
                                    if (!ec)
                                      for (const auto& r : results) state->endpoints.push_back(r.endpoint());
                                    state->done.cancel();
                                  });
    co_await state->done.async_wait(http::nothrow_awaitable);
    Lookup out;
    out.timed_out = !state->answered;
    if (out.timed_out)
      state->resolver.cancel();
    else
      out.endpoints = std::move(state->endpoints);
    co_return out;
  }

  std::shared_ptr<VuConnection> acquire(HostState& host) {
    for (auto& c : host.connections)
      if (!c->busy) return c;
    auto c = host.tls ? make_tls_connection(lane_, host.endpoint, *host.tls, host.tunnel)
                      : make_plain_connection(lane_, host.endpoint);
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
      detail_failure(lane_.stats.step(name), nullptr, text.url,
                     fmt::format("the variable {} is not set", lane_.scenario.symbols.name(*text.missing)), {});
      return failed_at(name);
    }
    detail_failure(lane_.stats.step(name), nullptr, text.url, text.problem, {});
    return not_sent(name, Outcome::expectation_failed, http::Failure::none, text.problem);
  }

  // The first few failures of a step are kept in full for the summary, and
  // every one goes to an observer. Only then is the page looked at again.
  void detail_failure(StepStats& stats, const http::ResponseData* response, std::string_view url,
                      std::string_view reason, const Wanted& wanted) {
    if (!stats.wants_failure_detail() && !lane_.observer) return;
    const Redactor redactor(lane_.scenario, user_.variables);
    FailureDetail detail = describe_failure(stats.name, response, url, reason, wanted, redactor);
    if (lane_.observer) lane_.observer->step_failed(user_, detail);
    if (stats.wants_failure_detail()) stats.failure_details.push_back(std::move(detail));
  }

  void tell_extractions(const std::vector<scenario::Extraction>& extract) {
    const auto& secret = lane_.scenario.secret_variables;
    for (const auto& x : extract)
      if (user_.variables.is_set(x.variable))
        lane_.observer->extracted(user_, x.variable_name, user_.variables.get(x.variable),
                                  x.secret || (x.variable < secret.size() && secret[x.variable]));
  }

  // The one place where a request attempt's outcome is counted: on its
  // metrics line and its persona, its latency (when it was sent) in the
  // histogram of its kind, its failure class, and a reason.
  void record(StepStats& stats, Outcome o, std::optional<std::int64_t> latency_us,
              http::Failure failure = http::Failure::none, std::string_view message = {}) {
    if (latency_us) {
      if (o == Outcome::queued)
        stats.queued_latency.record(*latency_us);
      else if (o == Outcome::rejected)
        stats.rejected_latency.record(*latency_us);
      else
        stats.latency.record(*latency_us);
    }
    stats.add(o, failure);
    lane_.stats.persona(user_.persona).add(o, failure);
    note_message(stats, message);
  }

  // An attempt that failed before a byte went out: it has an outcome, and
  // no request and no latency.
  Flow not_sent(const std::string& name, Outcome o, http::Failure failure, std::string_view message) {
    ++lane_.stats.not_sent;
    record(lane_.stats.step(name), o, std::nullopt, failure, message);
    return failed_at(name);
  }

  void count_request(Sending sending) {
    ++lane_.stats.requests;
    if (sending == Sending::retry)
      ++lane_.stats.retry_requests;
    else if (sending == Sending::refresh)
      ++lane_.stats.refresh_requests;
  }

  void note_missing(const std::string& name, scenario::VariableId id) {
    not_sent(name, Outcome::missing_variable, http::Failure::none, {});
    auto& stats = lane_.stats.step(name);
    if (stats.missing_variables.size() < 8) stats.missing_variables.insert(lane_.scenario.symbols.name(id));
  }

  // Messages quote the server (a form's action, a page's text): made
  // printable once here, for every output that shows them.
  static void note_message(StepStats& stats, std::string_view message) {
    if (!message.empty() && stats.expectation_messages.size() < 8) stats.expectation_messages.insert(printable(message));
  }

  ScenarioLane& lane_;
  VirtualUser& user_;
  const scenario::Persona& persona_;
  const scenario::Defaults& defaults_;
  const scenario::FailurePolicy& policy_;
  const scenario::Admission& admission_;
  const bool admission_reads_body_;
  JourneyClock& clock_;
  scenario::RenderContext context_;
  bool restarted_ = false;                 // every request after an F5 is load the failure added
  std::string failed_step_;                // where the journey stopped
  std::chrono::nanoseconds waited_{};        // in waiting rooms, this journey
  std::string resolve_problem_;              // why the last new host could not be resolved
};

// How the journey ended, counted on its persona's line. Every journey that
// ended is timed, whatever its end: a user whose login failed or who gave
// up waited at least that long, and a latency read from the completed
// journeys alone would look better the more users fail.
void count_end(ScenarioLane& lane, VirtualUser& user, JourneyEnd end, const JourneyClock& clock) {
  auto& persona = lane.stats.persona(user.persona);
  persona.journey_time.record(clock.elapsed(Clock::now()));
  switch (end) {
    case JourneyEnd::completed: ++persona.completed; break;
    case JourneyEnd::failed: ++persona.failed; break;
    case JourneyEnd::gave_up:
      ++persona.abandoned;
      ++persona.gave_up;
      break;
    case JourneyEnd::abandoned: ++persona.abandoned; break;
  }
  for (const auto& host : user.hosts)
    if (host.tls) {
      lane.stats.tls_full += host.tls->full_handshakes();
      lane.stats.tls_resumed += host.tls->resumed_handshakes();
      host.tls->reset_counts();
    }
}

}  // namespace

asio::awaitable<JourneyEnd> run_journey(ScenarioLane& lane, VirtualUser& user, TimePoint intended_start) {
  if (lane.observer) lane.observer->journey_started(user);
  JourneyClock clock(intended_start);
  JourneyEnd end = JourneyEnd::failed;
  // A journey that throws is a bug in rollcall, never the target's doing:
  // it is counted (internal_errors, the journey failed) and the lane goes
  // on, instead of the exception vanishing with a detached coroutine and
  // the journey never counted.
  try {
    Journey journey(lane, user, clock);
    end = co_await journey.run();
  } catch (const std::exception&) {
    ++lane.stats.internal_errors;
  }
  count_end(lane, user, end, clock);
  if (lane.observer) lane.observer->journey_ended(user, end);
  co_return end;
}

}  // namespace rollcall::engine
