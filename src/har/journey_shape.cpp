#include "har/journey_shape.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/ascii.hpp"
#include "http/url.hpp"
#include "har/url_text.hpp"

namespace rollcall::har {

namespace {

std::string host_of(const std::string& url) {
  auto p = url_parts(url);
  return p ? ascii::lower(p->host) : "";
}

bool is_api(const Entry& e) { return e.resource_type == "xhr" || e.resource_type == "fetch"; }

// What a person who logs in makes the browser load: pages and the calls
// of the pages' scripts. The rest (scripts, styles, images, fonts, the
// favicon, pings, CORS preflights) comes from caches and CDNs in a real
// morning and would only measure those.
bool is_kept_kind(const Entry& e, bool keep_assets) {
  if (e.status == 0) return false;  // cancelled or blocked: never answered
  if (e.resource_type == "document" || is_api(e)) return true;
  if (e.method == "OPTIONS" || e.resource_type == "preflight" || e.resource_type == "websocket") return false;
  return keep_assets;
}

bool is_redirect(const Entry& e) { return e.status >= 300 && e.status < 400 && e.status != 304 && !e.redirect_url.empty(); }

std::string without_fragment(std::string url) {
  if (auto hash = url.find('#'); hash != std::string::npos) url.resize(hash);
  return url;
}

// A URL that does not parse ("https://ent.exem[le.fr/") is on no host:
// nothing could replay it.
bool matches_host(const std::string& host, const std::string& url, const std::vector<std::string>& hosts) {
  const auto parts = url_parts(url);
  if (!parts) return false;
  for (const auto& h : hosts) {
    const std::string want = ascii::lower(h);
    if (want == host) return true;
    // "--host 127.0.0.1:8080" names a port too.
    if (parts && ascii::lower(parts->origin).ends_with("://" + want)) return true;
  }
  return false;
}

std::string unique(std::string name, std::set<std::string>& used) {
  std::string candidate = name;
  for (int n = 2; used.count(candidate); ++n) candidate = name + "-" + std::to_string(n);
  used.insert(candidate);
  return candidate;
}

}  // namespace

bool looks_like_token(const std::string& segment) {
  if (segment.empty()) return false;
  std::size_t digits = 0, letters = 0, hexish = 0;
  for (unsigned char c : segment) {
    if (std::isdigit(c)) ++digits;
    if (std::isalpha(c)) ++letters;
    if (std::isxdigit(c)) ++hexish;
  }
  if (digits == segment.size()) return true;                           // 84213
  if (segment.size() >= 16) return true;                               // a session id, a base64 blob
  if (digits > 0 && letters > 0 && segment.size() >= 8) return true;   // e1s1-4f0c..., a UUID
  if (hexish == segment.size() && segment.size() >= 8) return true;    // deadbeef
  return false;
}

std::string name_from_path(const std::string& url) {
  const auto parts = url_parts(url);
  const std::string path = parts ? parts->path : "/";
  std::string name;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string segment = percent_decoded(path.substr(start, slash - start), false);
    start = slash + 1;
    // "42.pdf": the id is the name's token, the extension says nothing.
    if (auto dot = segment.rfind('.'); dot != std::string::npos && dot > 0) segment.resize(dot);
    if (segment.empty() || looks_like_token(segment)) continue;
    std::string clean;
    for (unsigned char c : segment) {
      const char l = static_cast<char>(std::tolower(c));
      if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) clean += l;
      else if (!clean.empty() && clean.back() != '-') clean += '-';
    }
    while (!clean.empty() && clean.back() == '-') clean.pop_back();
    if (clean.empty()) continue;
    if (!name.empty()) name += '-';
    name += clean;
  }
  if (name.size() > 40) name.resize(40);
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name.empty() ? "home" : name;
}

Journey shape_journey(const Recording& recording, const ShapeOptions& options) {
  const auto& entries = recording.entries;
  Journey journey;
  for (const auto& e : recording.entries) journey.recorded.push_back(&e);

  // Redirect chains over every answered request, hop by hop: a hop is the
  // next request for the URL the redirect named.
  std::vector<bool> taken(entries.size(), false);
  std::vector<std::vector<const Entry*>> chains;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (taken[i] || entries[i].status == 0) continue;
    taken[i] = true;
    std::vector<const Entry*> chain{&entries[i]};
    std::size_t at = i;
    while (is_redirect(*chain.back()) && chain.size() <= 100) {
      const auto next = http::resolve_url(chain.back()->url, chain.back()->redirect_url);
      if (!next) break;
      const std::string want = without_fragment(*next);
      std::size_t j = at + 1;
      while (j < entries.size() && (taken[j] || without_fragment(entries[j].url) != want)) ++j;
      if (j == entries.size()) break;
      taken[j] = true;
      chain.push_back(&entries[j]);
      at = j;
    }
    chains.push_back(std::move(chain));
  }

  // The hosts: those given, else the first page's and those its logins
  // redirect to (a CAS or an identity provider on its own host).
  std::vector<std::string> hosts = options.hosts;
  if (hosts.empty()) {
    for (const auto& c : chains)
      if (c.front()->resource_type == "document" && !host_of(c.front()->url).empty()) {
        hosts.push_back(host_of(c.front()->url));
        break;
      }
    if (hosts.empty()) throw HarError("no page load (a document request) in the recording: expected a login recorded in a browser's network tab");
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& c : chains) {
        if (!matches_host(host_of(c.front()->url), c.front()->url, hosts)) continue;
        for (const Entry* hop : c) {
          const std::string h = host_of(hop->url);
          if (!h.empty() && std::find(hosts.begin(), hosts.end(), h) == hosts.end()) {
            hosts.push_back(h);
            grew = true;
          }
        }
      }
    }
  }
  journey.hosts = hosts;

  std::vector<const std::vector<const Entry*>*> kept;
  for (const auto& c : chains) {
    const Entry& first = *c.front();
    if (!matches_host(host_of(first.url), first.url, hosts)) {
      ++journey.dropped_other_hosts;
      continue;
    }
    if (!is_kept_kind(first, options.keep_assets)) {
      ++journey.dropped_assets;
      continue;
    }
    kept.push_back(&c);
  }
  const std::vector<const Entry*>* first_page = nullptr;
  for (const auto* c : kept)
    if (c->front()->resource_type == "document") {
      first_page = c;
      break;
    }
  if (!first_page)
    throw HarError("no page load (a document request) on the hosts kept: expected a login recorded in a browser, "
                   "or --host naming the ENT's host");
  journey.target = url_parts(first_page->front()->url)->origin;

  std::set<std::string> used;
  auto exchange_of = [&](const std::vector<const Entry*>& chain) {
    Exchange x;
    x.hops = chain;
    const Entry& req = *chain.front();
    std::string name = name_from_path(req.url);
    if (req.method != "GET" && req.method != "HEAD" && !name.ends_with("submit"))
      name += req.resource_type == "document" || req.method == "POST" ? "-submit" : "-" + ascii::lower(req.method);
    x.name = unique(name, used);
    for (std::size_t h = 1; h < chain.size(); ++h) x.redirect_names.push_back(name_from_path(chain[h]->url));
    return x;
  };

  double last_end = -1;
  std::string last_page_name = "page";
  for (std::size_t k = 0; k < kept.size();) {
    const auto& chain = *kept[k];
    ShapedStep step;
    const double start = chain.front()->start_ms;
    if (chain.front()->resource_type == "document") {
      step.is_page = true;
      step.exchanges.push_back(exchange_of(chain));
      // Calls that follow are named after the page the browser showed.
      last_page_name = name_from_path(chain.back()->url);
      ++k;
    } else {
      // API calls that went out before the first of them had answered were
      // sent together by the page's scripts: one fetch.
      double group_end = chain.back()->end_ms();
      step.exchanges.push_back(exchange_of(chain));
      ++k;
      while (k < kept.size() && kept[k]->front()->resource_type != "document" && kept[k]->front()->start_ms < group_end) {
        group_end = std::max(group_end, kept[k]->back()->end_ms());
        step.exchanges.push_back(exchange_of(*kept[k]));
        ++k;
      }
      if (step.exchanges.size() > 1) step.fetch_name = unique(last_page_name + "-calls", used);
    }
    if (last_end >= 0) {
      step.think_before_ms = std::clamp(start - last_end, 0.0, max_think_ms);
      journey.pauses_ms.push_back(step.think_before_ms);
    }
    for (const auto& x : step.exchanges) last_end = std::max(last_end, x.answer().end_ms());
    journey.steps.push_back(std::move(step));
  }
  return journey;
}

}  // namespace rollcall::har
