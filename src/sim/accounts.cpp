#include "sim/accounts.hpp"

#include <array>
#include <charconv>
#include <fstream>

#include <fmt/format.h>

#include "common/usage_error.hpp"
#include "sim/config.hpp"

namespace rollcall::sim {

namespace {

// Common French given names and family names; a stride that is coprime with
// the list length spreads consecutive accounts over different names.
constexpr std::array<std::string_view, 24> given_names{
    "Camille", "Louise", "Jade",  "Emma",   "Léa",    "Chloé", "Inès",    "Manon",
    "Lina",    "Zoé",    "Alice", "Sarah",  "Lucas",  "Hugo",  "Gabriel", "Louis",
    "Nathan",  "Arthur", "Jules", "Adam",   "Mathis", "Yanis", "Noah",    "Théo"};
constexpr std::array<std::string_view, 29> family_names{
    "Martin",  "Bernard", "Thomas",   "Petit",  "Robert", "Richard", "Durand",  "Dubois", "Moreau", "Laurent",
    "Simon",   "Michel",  "Lefebvre", "Leroy",  "Roux",   "David",   "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet",  "Dupont",  "Lambert",  "Fontaine", "Rousseau", "Vincent", "Muller", "N'Diaye", "Benali"};
constexpr std::array<std::string_view, 12> taught_subjects{
    "Mathématiques", "Français",   "Histoire-géographie", "Anglais",  "SVT",        "Physique-chimie",
    "EPS",           "Espagnol",   "Allemand",            "Technologie", "Arts plastiques", "Éducation musicale"};
constexpr std::array<std::string_view, 4> levels{"6e", "5e", "4e", "3e"};

std::string_view family_name_of_student(std::size_t n) { return family_names[(n * 7) % family_names.size()]; }

std::size_t child_of(std::size_t parent, const Config& c) { return (parent - 1) % c.students + 1; }

std::size_t count(Role r, const Config& c) {
  switch (r) {
    case Role::student: return c.students;
    case Role::parent: return c.parents;
    case Role::teacher: return c.teachers;
  }
  return 0;
}

void write_file(const std::filesystem::path& path, Role role, const Config& c) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw UsageError(fmt::format("cannot write {}", path.string()));
  std::string_view last = role == Role::student ? "class" : role == Role::parent ? "child" : "subject";
  out << "username,password,display_name," << last << '\n';
  // Display names and subjects contain no comma or quote, so no CSV quoting.
  for (std::size_t n = 1; n <= count(role, c); ++n) {
    Account a{role, n};
    out << username(a) << ',' << password(a) << ',' << display_name(a, c) << ',' << detail(a, c) << '\n';
  }
  out.flush();
  if (!out) throw UsageError(fmt::format("cannot write {}", path.string()));
}

}  // namespace

std::string_view role_name(Role r) {
  switch (r) {
    case Role::student: return "student";
    case Role::parent: return "parent";
    case Role::teacher: return "teacher";
  }
  return "?";
}

std::string username(Account a) { return fmt::format("{}{:04}", role_name(a.role), a.number); }

std::string password(Account a) { return "Mdp-" + username(a); }

std::string display_name(Account a, const Config& c) {
  auto n = a.number;
  switch (a.role) {
    case Role::student:
      return fmt::format("{} {}", given_names[(n * 5) % given_names.size()], family_name_of_student(n));
    case Role::parent:
      return fmt::format("{} {}", n % 2 ? "Mme" : "M.", family_name_of_student(child_of(n, c)));
    case Role::teacher:
      return fmt::format("{} {}", n % 2 ? "Mme" : "M.", family_names[(n * 13 + 3) % family_names.size()]);
  }
  return {};
}

std::string detail(Account a, const Config& c) {
  switch (a.role) {
    case Role::student:
      return fmt::format("{}{}", levels[(a.number - 1) % levels.size()], char('A' + (a.number - 1) / 4 % 4));
    case Role::parent: return username({Role::student, child_of(a.number, c)});
    case Role::teacher: return std::string(taught_subjects[(a.number - 1) % taught_subjects.size()]);
  }
  return {};
}

std::optional<Account> find_account(std::string_view name, const Config& c) {
  for (Role role : {Role::student, Role::parent, Role::teacher}) {
    auto prefix = role_name(role);
    if (!name.starts_with(prefix)) continue;
    auto digits = name.substr(prefix.size());
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    if (n < 1 || n > count(role, c)) return std::nullopt;
    Account a{role, n};
    if (username(a) != name) return std::nullopt;  // "student42", "student00042"
    return a;
  }
  return std::nullopt;
}

std::size_t write_accounts(const std::filesystem::path& dir, const Config& c) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw UsageError(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  write_file(dir / "students.csv", Role::student, c);
  write_file(dir / "parents.csv", Role::parent, c);
  write_file(dir / "teachers.csv", Role::teacher, c);
  return c.students + c.parents + c.teachers;
}

}  // namespace rollcall::sim
