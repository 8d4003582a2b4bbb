#include "sim/pages.hpp"

#include <array>
#include <chrono>

#include <fmt/format.h>

#include "sim/config.hpp"
#include "sim/form.hpp"

namespace rollcall::sim {

namespace {

constexpr std::size_t portal_size = 30'000;
constexpr std::size_t timeline_size = 5'000;
constexpr std::size_t message_count = 45;
constexpr std::size_t messages_per_page = 20;

constexpr std::array<std::string_view, 8> timetable_subjects{
    "Mathématiques", "Français", "Histoire-géographie", "Anglais", "SVT", "Physique-chimie", "Espagnol", "Technologie"};
constexpr std::array<std::string_view, 6> news{
    "Fermeture exceptionnelle de la cantine jeudi midi",
    "Conseil de classe du deuxième trimestre : calendrier",
    "Sortie pédagogique au musée : autorisation parentale à rendre",
    "Les cours ont lieu à distance à partir de lundi",
    "Réunion parents-professeurs en visioconférence",
    "Nouvelle ressource en ligne au CDI"};

std::string page(std::string_view title, std::string_view body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{} - ENT</title></head>\n"
      "<body>\n{}\n</body></html>\n",
      title, body);
}

std::string build_timeline() {
  std::string items;
  for (std::size_t i = 1; items.size() < timeline_size; ++i) {
    if (!items.empty()) items += ',';
    items += fmt::format(
        R"({{"id":{},"type":"{}","date":"2021-04-06T07:{:02}:00+02:00","author":"{}","title":"{}","read":{}}})", i,
        i % 3 ? "actualite" : "devoir", (i * 7) % 60, i % 2 ? "Vie scolaire" : "Direction", news[i % news.size()],
        i % 4 == 0 ? "true" : "false");
  }
  return fmt::format(R"({{"events":[{}]}})", items) + "\n";
}

std::string build_homework(bool teacher) {
  std::string items;
  for (std::size_t i = 1; i <= 8; ++i) {
    if (!items.empty()) items += ',';
    if (teacher)
      items += fmt::format(R"({{"id":{},"class":"{}e{}","subject":"{}","due":"2021-04-{:02}","submitted":{}}})", i,
                           6 - i % 4, char('A' + i % 4), timetable_subjects[i % timetable_subjects.size()], 7 + i, 12 + i * 3);
    else
      items += fmt::format(
          R"({{"id":{},"subject":"{}","due":"2021-04-{:02}","title":"Exercices {} à {} page {}","submit":"/api/homework/{}/submit","done":false}})",
          i, timetable_subjects[i % timetable_subjects.size()], 7 + i, i, i + 4, 40 + i * 12, i);
  }
  return fmt::format(R"({{"homework":[{}]}})", items) + "\n";
}

std::vector<std::string> build_messages() {
  std::vector<std::string> pages;
  const std::size_t count = (message_count + messages_per_page - 1) / messages_per_page;
  for (std::size_t p = 1; p <= count; ++p) {
    std::string items;
    for (std::size_t i = (p - 1) * messages_per_page + 1; i <= std::min(message_count, p * messages_per_page); ++i) {
      if (!items.empty()) items += ',';
      items += fmt::format(R"({{"id":{},"from":"{}","subject":"{}","date":"2021-04-{:02}","unread":{}}})", i,
                           i % 2 ? "Vie scolaire" : "Professeur principal", news[i % news.size()], 1 + i % 6,
                           i <= 3 ? "true" : "false");
    }
    std::string next = p < count ? fmt::format(R"("/api/messages?page={}")", p + 1) : "null";
    pages.push_back(fmt::format(R"({{"page":{},"pages":{},"total":{},"next":{},"messages":[{}]}})", p, count,
                                message_count, next, items) +
                    "\n");
  }
  return pages;
}

// A PDF header, a stream of filler and the trailer: enough for anything that
// sniffs the type, and exactly `size` bytes.
std::string build_document(std::size_t size) {
  std::string head = "%PDF-1.4\n1 0 obj << /Length 0 >>\nstream\n";
  std::string tail = "\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  std::string out = head;
  if (size > head.size() + tail.size()) {
    out.reserve(size);
    for (std::size_t i = 0; out.size() < size - tail.size(); ++i) out.push_back(static_cast<char>('A' + i % 26));
    out += tail;
  }
  out.resize(size);
  return out;
}

}  // namespace

Pages::Pages(const Config& config)
    : quota_(page("Quota atteint",
                  "<h1>Quota atteint</h1>\n<p>Le nombre maximal de connexions simultanées à l'ENT est atteint. "
                  "Veuillez patienter quelques minutes avant de vous reconnecter.</p>")),
      timeline_(build_timeline()),
      homework_pupil_(build_homework(false)),
      homework_teacher_(build_homework(true)),
      document_(build_document(config.doc_size)),
      health_("ok\n"),
      messages_(build_messages()) {
  auto retry = std::chrono::duration_cast<std::chrono::seconds>(config.retry_after).count();
  waiting_room_ = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"refresh\" content=\"{0}\"><title>Salle d'attente - ENT</title></head>\n<body>\n"
      "<h1>Salle d'attente</h1>\n<p>Vous êtes dans la file d'attente de l'ENT. Cette page se recharge "
      "automatiquement dans {0} secondes ; merci de ne pas la fermer.</p>\n</body></html>\n",
      retry);

  // The portal around the user's name: menus, news, homework, timetable,
  // repeated news items to reach the size of a real portal page.
  portal_head_ =
      "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Mon ENT</title>"
      "<link rel=\"stylesheet\" href=\"/static/ent.css\"></head>\n<body>\n<header><nav><ul>"
      "<li><a href=\"/portal\">Accueil</a></li><li><a href=\"/api/messages\">Messagerie</a></li>"
      "<li><a href=\"/api/homework\">Cahier de textes</a></li><li><a href=\"/api/timeline\">Actualités</a></li>"
      "<li><a href=\"/cas/logout\">Déconnexion</a></li></ul></nav>\n<p class=\"user\">Bonjour ";
  std::string tail = "</p></header>\n<main>\n<section id=\"timetable\"><h2>Emploi du temps</h2><table>\n";
  for (int hour = 8; hour < 17; ++hour) {
    tail += fmt::format("<tr><th>{}h</th>", hour);
    for (int day = 0; day < 5; ++day)
      tail += fmt::format("<td>{}<br><small>Salle {}</small></td>",
                          timetable_subjects[static_cast<std::size_t>(hour + day) % timetable_subjects.size()],
                          100 + hour * 3 + day);
    tail += "</tr>\n";
  }
  tail += "</table></section>\n<section id=\"news\"><h2>Fil d'actualités</h2>\n";
  for (std::size_t i = 0; tail.size() + portal_head_.size() < portal_size; ++i)
    tail += fmt::format(
        "<article><h3>{}</h3><p class=\"meta\">Publié le {:02}/04/2021 par la vie scolaire</p><p>Madame, Monsieur, "
        "nous vous informons que l'établissement met tout en œuvre pour assurer la continuité pédagogique. "
        "Retrouvez les informations pratiques dans l'espace documentaire de l'ENT.</p></article>\n",
        news[i % news.size()], 1 + i % 28);
  tail += "</section>\n</main>\n<footer>ENT simulé par rollcall</footer>\n</body></html>\n";
  portal_tail_ = std::move(tail);
}

std::string Pages::login_form(std::string_view action, std::string_view execution, std::string_view error) const {
  std::string err = error.empty() ? std::string{} : fmt::format("<p class=\"error\">{}</p>\n", html_escape(error));
  return page("Connexion",
              fmt::format("<h1>Connexion à l'ENT</h1>\n{}<form id=\"fm1\" method=\"post\" action=\"{}\">\n"
                          "<label for=\"username\">Identifiant</label><input id=\"username\" name=\"username\" "
                          "type=\"text\" autocomplete=\"username\">\n"
                          "<label for=\"password\">Mot de passe</label><input id=\"password\" name=\"password\" "
                          "type=\"password\" autocomplete=\"current-password\">\n"
                          "<input type=\"hidden\" name=\"execution\" value=\"{}\">\n"
                          "<input type=\"hidden\" name=\"_eventId\" value=\"submit\">\n"
                          "<input type=\"submit\" name=\"submit\" value=\"Se connecter\">\n</form>",
                          err, html_escape(action), html_escape(execution)));
}

std::string Pages::saml_post(std::string_view acs_url, std::string_view saml_response,
                             std::string_view relay_state) const {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>ÉduConnect</title></head>\n"
      "<body onload=\"document.forms[0].submit()\">\n<form method=\"post\" action=\"{}\">\n"
      "<input type=\"hidden\" name=\"SAMLResponse\" value=\"{}\">\n"
      "<input type=\"hidden\" name=\"RelayState\" value=\"{}\">\n"
      "<noscript><input type=\"submit\" value=\"Continuer\"></noscript>\n</form>\n</body></html>\n",
      html_escape(acs_url), html_escape(saml_response), html_escape(relay_state));
}

std::string Pages::portal(std::string_view display_name, Role role) const {
  std::string out;
  out.reserve(portal_head_.size() + portal_tail_.size() + 64);
  out += portal_head_;
  out += html_escape(display_name);
  out += fmt::format(" <span class=\"role\">({})</span>", role == Role::student  ? "élève"
                                                           : role == Role::parent ? "parent"
                                                                                  : "enseignant");
  out += portal_tail_;
  return out;
}

std::string Pages::redirect(std::string_view location) const {
  return page("Redirection", fmt::format("<p><a href=\"{}\">Redirection</a></p>", html_escape(location)));
}

std::string Pages::notice(std::string_view title, std::string_view text) const {
  return page(title, fmt::format("<h1>{}</h1>\n<p>{}</p>", html_escape(title), html_escape(text)));
}

}  // namespace rollcall::sim
