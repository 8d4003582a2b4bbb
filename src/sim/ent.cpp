#include "sim/ent.hpp"

#include <charconv>

#include <fmt/format.h>

#include "sim/config.hpp"
#include "sim/form.hpp"

namespace rollcall::sim {

namespace {

constexpr std::string_view json_type = "application/json";
constexpr std::string_view session_cookie = "ENTSESSION";

Response redirect(const Pages& pages, std::string location) {
  Response r;
  r.status = 302;
  r.body = pages.redirect(location);
  r.header("Location", std::move(location));
  return r;
}

Response json_error(unsigned status, std::string_view message) {
  Response r;
  r.status = status;
  r.content_type = json_type;
  r.body = fmt::format(R"({{"error":"{}"}})", message) + "\n";
  return r;
}

std::optional<std::size_t> positive_number(std::string_view text) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n == 0) return std::nullopt;
  return n;
}

// The id in /api/homework/ID/submit (the router has checked the shape).
std::string_view homework_id(std::string_view path) {
  path.remove_prefix(std::string_view("/api/homework/").size());
  return path.substr(0, path.find('/'));
}

std::string with_ticket(std::string_view service, std::string_view ticket) {
  return fmt::format("{}{}ticket={}", service, service.find('?') == std::string_view::npos ? '?' : '&', ticket);
}

bool is_form(std::string_view content_type) {
  return content_type.starts_with("application/x-www-form-urlencoded");
}

}  // namespace

Ent::Ent(const Config& config)
    : config_(config),
      pages_(config),
      tokens_(config.seed),
      scheme_(config.tls ? "https" : "http"),
      authority_(fmt::format("{}:{}", config.listen, config.port)),
      executions_(config.execution_ttl, config.max_sessions),
      tickets_(config.ticket_ttl, config.max_sessions),
      saml_responses_(config.ticket_ttl, config.max_sessions),
      tgcs_(config.session_ttl, config.max_sessions),
      sessions_(config.session_ttl, config.max_sessions) {}

Response Ent::handle(const Request& r, Endpoint e, Clock::time_point now) {
  switch (e) {
    case Endpoint::entry: return entry(r, now);
    case Endpoint::login_form: return login_form(r, now);
    case Endpoint::login_post: return login_post(r, now);
    case Endpoint::saml_acs: return saml_acs(r, now);
    case Endpoint::ticket: return ticket(r, now);
    case Endpoint::logout: return logout(r);
    case Endpoint::health: {
      Response out;
      out.content_type = "text/plain";
      out.shared_body = &pages_.health();
      return out;
    }
    case Endpoint::portal:
    case Endpoint::timeline:
    case Endpoint::homework:
    case Endpoint::messages:
    case Endpoint::document:
    case Endpoint::submit:
    case Endpoint::assign: {
      // Like the real thing: no session, back to the login.
      const Account* who = session_of(r, now);
      if (!who) return to_login(r);
      return api(r, e, *who);
    }
    case Endpoint::method_not_allowed: return error_status(405);
    case Endpoint::not_found: break;
  }
  return error_status(404);
}

Response Ent::quota() const {
  Response r;
  r.status = 503;
  r.shared_body = &pages_.quota();
  r.header("X-ENT-Admission", "quota");
  r.header("Cache-Control", "no-store");
  return r;
}

Response Ent::waiting_room() const {
  Response r;
  r.shared_body = &pages_.waiting_room();
  r.header("X-ENT-Admission", "waiting-room");
  r.header("Retry-After", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(config_.retry_after).count()));
  r.header("Cache-Control", "no-store");
  return r;
}

Response Ent::error_status(unsigned status) const {
  Response r;
  r.status = status;
  auto title = status == 404 ? "Page introuvable" : status == 405 ? "Méthode non autorisée" : "Erreur";
  r.body = pages_.notice(title, fmt::format("Erreur {}.", status));
  return r;
}

std::string Ent::base_url(const Request& r) const {
  return fmt::format("{}://{}", scheme_, r.host.empty() ? std::string_view(authority_) : r.host);
}

std::string Ent::cookie_attributes(std::string_view path) const {
  return fmt::format("; Path={}; HttpOnly{}", path, config_.tls ? "; Secure" : "");
}

// CAS's service registry: only the portal of this ENT, on any host name.
bool Ent::authorized_service(std::string_view service) const {
  std::string_view rest;
  if (service.starts_with("http://")) rest = service.substr(7);
  else if (service.starts_with("https://")) rest = service.substr(8);
  else return false;
  auto slash = rest.find('/');
  return slash != std::string_view::npos && slash > 0 && rest.substr(slash) == "/";
}

const Account* Ent::session_of(const Request& r, Clock::time_point now) const {
  auto id = cookie(r.cookie, session_cookie);
  return id ? sessions_.find(*id, now) : nullptr;
}

Response Ent::to_login(const Request& r) const {
  auto base = base_url(r);
  return redirect(pages_, fmt::format("{}/cas/login?service={}", base, url_encode(base + "/")));
}

Response Ent::entry(const Request& r, Clock::time_point now) {
  if (session_of(r, now)) return redirect(pages_, base_url(r) + "/portal");
  return to_login(r);
}

Response Ent::form_page(const Request& r, std::string_view service, std::string_view error, Clock::time_point now) {
  Response out;
  // The login web flow lives in a CAS session: the execution token is only
  // good with the JSESSIONID cookie it was issued to.
  std::string jsession;
  if (auto existing = cookie(r.cookie, "JSESSIONID"); existing && !existing->empty()) {
    jsession = std::string(*existing);
  } else {
    jsession = tokens_.next("", 32);
    out.header("Set-Cookie", "JSESSIONID=" + jsession + cookie_attributes("/cas"));
  }
  auto execution = tokens_.next("e1s1-", 64);
  executions_.put(execution, jsession, now);
  auto action = service.empty() ? std::string("/cas/login") : "/cas/login?service=" + url_encode(service);
  out.body = pages_.login_form(action, execution, error);
  out.header("Cache-Control", "no-store");
  return out;
}

std::string Ent::issue_tgc(Response& out, const Account& who, Clock::time_point now) {
  auto tgc = tokens_.next(fmt::format("TGT-{}-", tokens_.serial()), 48) + "-rollcall";
  tgcs_.put(tgc, who, now);
  out.header("Set-Cookie", "TGC=" + tgc + cookie_attributes("/cas"));
  return tgc;
}

// After a successful login: back to the service with a one-time ticket.
Response Ent::to_service(std::string_view service, const Account& who, Clock::time_point now) {
  if (service.empty()) {
    Response out;
    out.body = pages_.notice("Connexion réussie", "Vous êtes connecté au service d'authentification de l'ENT.");
    return out;
  }
  auto ticket = tokens_.next(fmt::format("ST-{}-", tokens_.serial()), 32) + "-rollcall";
  tickets_.put(ticket, Pending{who, std::string(service)}, now);
  return redirect(pages_, with_ticket(service, ticket));
}

Response Ent::login_form(const Request& r, Clock::time_point now) {
  auto service = param(query_of(r.target), "service").value_or("");
  if (!service.empty() && !authorized_service(service)) {
    Response out = error_status(403);
    out.body = pages_.notice("Application non autorisée", "Ce service n'est pas autorisé à utiliser le CAS de l'ENT.");
    return out;
  }
  // Single sign-on: a valid TGC skips the form.
  if (auto tgc = cookie(r.cookie, "TGC")) {
    if (const Account* who = tgcs_.find(*tgc, now)) return to_service(service, *who, now);
  }
  return form_page(r, service, "", now);
}

Response Ent::login_post(const Request& r, Clock::time_point now) {
  auto service = param(query_of(r.target), "service").value_or("");
  std::string_view body = is_form(r.content_type) ? r.body : std::string_view{};

  // The token is used up whatever happens next: a replayed form fails.
  auto execution = param(body, "execution");
  std::optional<std::string> issued_to;
  if (execution) issued_to = executions_.take(*execution, now);
  auto jsession = cookie(r.cookie, "JSESSIONID");
  if (!issued_to || !jsession || *issued_to != *jsession || param(body, "_eventId") != "submit")
    return form_page(r, service, "Votre formulaire de connexion a expiré. Veuillez vous reconnecter.", now);

  auto user = param(body, "username").value_or("");
  auto account = find_account(user, config_);
  if (!account || param(body, "password") != password(*account))
    return form_page(r, service, "Identifiant ou mot de passe incorrect.", now);
  if (!service.empty() && !authorized_service(service)) return error_status(403);

  if (config_.saml && account->role == Role::parent) {
    // The national identity provider answers with a form the browser posts
    // to the ENT's assertion consumer service by itself.
    auto id = tokens_.next("_", 32);
    auto acs = base_url(r) + "/saml/acs";
    auto xml = fmt::format(
        R"(<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{0}" Version="2.0" IssueInstant="2021-04-06T07:30:00Z" Destination="{1}"><saml:Issuer>https://educonnect.education.gouv.fr/idp</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="{0}a" Version="2.0"><saml:Subject><saml:NameID>{2}</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>)",
        id, acs, username(*account));
    auto saml = base64_encode(xml);
    saml_responses_.put(saml, Pending{*account, service}, now);
    Response out;
    out.body = pages_.saml_post(acs, saml, service);
    out.header("Cache-Control", "no-store");
    return out;
  }

  // to_service() builds the response, then the TGC cookie joins it.
  Response out = to_service(service, *account, now);
  issue_tgc(out, *account, now);
  return out;
}

Response Ent::saml_acs(const Request& r, Clock::time_point now) {
  std::string_view body = is_form(r.content_type) ? r.body : std::string_view{};
  auto saml = param(body, "SAMLResponse");
  std::optional<Pending> pending;
  if (saml) pending = saml_responses_.take(*saml, now);
  if (!pending) {
    Response out = error_status(403);
    out.body = pages_.notice("Réponse SAML refusée", "La réponse du fournisseur d'identité est invalide ou déjà utilisée.");
    return out;
  }
  // RelayState comes back from the browser; the one recorded wins, as a
  // real service provider keeps it on its side.
  Response out = to_service(pending->service, pending->account, now);
  issue_tgc(out, pending->account, now);
  return out;
}

Response Ent::ticket(const Request& r, Clock::time_point now) {
  auto st = param(query_of(r.target), "ticket").value_or("");
  auto pending = tickets_.take(st, now);
  // The portal validates the ticket for itself: issued for another service,
  // it is worth nothing here.
  if (!pending || pending->service != base_url(r) + "/") return to_login(r);
  auto id = tokens_.next("", 32);
  sessions_.put(id, pending->account, now);
  Response out = redirect(pages_, base_url(r) + "/portal");
  out.header("Set-Cookie", std::string(session_cookie) + "=" + id + cookie_attributes("/"));
  return out;
}

Response Ent::api(const Request& r, Endpoint e, const Account& who) {
  Response out;
  out.content_type = json_type;
  out.header("Cache-Control", "no-store");
  switch (e) {
    case Endpoint::portal:
      out.content_type = "text/html; charset=utf-8";
      out.body = pages_.portal(display_name(who, config_), who.role);
      return out;
    case Endpoint::timeline: out.shared_body = &pages_.timeline(); return out;
    case Endpoint::homework: out.shared_body = &pages_.homework(who.role); return out;
    case Endpoint::messages: {
      auto page = param(query_of(r.target), "page");
      std::size_t n = 1;
      if (page) {
        auto parsed = positive_number(*page);
        if (!parsed) return json_error(400, "page must be a positive integer");
        n = *parsed;
      }
      if (n > pages_.message_pages()) return json_error(404, "no such page");
      out.shared_body = &pages_.messages(n);
      return out;
    }
    case Endpoint::document:
      out.content_type = "application/pdf";
      out.shared_body = &pages_.document();
      return out;
    case Endpoint::submit: {
      if (who.role != Role::student) return json_error(403, "only students hand in homework");
      auto ct = r.content_type;
      auto b = ct.find("boundary=");
      if (!ct.starts_with("multipart/form-data") || b == std::string_view::npos)
        return json_error(400, "expected a multipart/form-data upload");
      auto boundary = ct.substr(b + 9);
      boundary = boundary.substr(0, boundary.find(';'));
      if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"')
        boundary = boundary.substr(1, boundary.size() - 2);
      if (boundary.empty() || r.body.find(fmt::format("--{}--", boundary)) == std::string_view::npos)
        return json_error(400, "the multipart body does not match its boundary");
      out.status = 201;
      out.body = fmt::format(R"({{"status":"submitted","homework":{},"bytes":{}}})", homework_id(path_of(r.target)),
                             r.body.size()) +
                 "\n";
      return out;
    }
    case Endpoint::assign: {
      if (who.role != Role::teacher) return json_error(403, "only teachers set homework");
      if (!r.content_type.starts_with("application/json") && !r.content_type.starts_with("application/x-www-form-urlencoded"))
        return json_error(400, "expected a JSON or form-encoded homework");
      if (r.body.empty()) return json_error(400, "the homework is empty");
      out.status = 201;
      out.body = fmt::format(R"({{"status":"assigned","id":{},"bytes":{}}})", 1000 + ++assigned_, r.body.size()) + "\n";
      return out;
    }
    default: return error_status(404);
  }
}

Response Ent::logout(const Request& r) {
  // Single logout: the CAS session and the portal session end together.
  if (auto tgc = cookie(r.cookie, "TGC")) tgcs_.erase(*tgc);
  if (auto id = cookie(r.cookie, session_cookie)) sessions_.erase(*id);
  Response out;
  out.body = pages_.notice("Déconnexion", "Vous êtes déconnecté de l'ENT.");
  out.header("Set-Cookie", "TGC=; Max-Age=0" + cookie_attributes("/cas"));
  out.header("Set-Cookie", std::string(session_cookie) + "=; Max-Age=0" + cookie_attributes("/"));
  out.header("Cache-Control", "no-store");
  return out;
}

}  // namespace rollcall::sim
