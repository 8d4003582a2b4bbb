#pragma once
// The ENT's users, generated rather than stored: student0001..., parent0001...,
// teacher0001..., each with a password that follows a documented rule, so a
// scenario's feeder files and the simulator always agree.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rollcall::sim {

struct Config;

enum class Role { student, parent, teacher };

std::string_view role_name(Role r);

struct Account {
  Role role{};
  std::size_t number = 0;  // from 1
};

// "student0042": at least four digits, more past 9999.
std::string username(Account a);

// The rule: "Mdp-" followed by the username ("Mdp-student0042").
std::string password(Account a);

// "Camille Martin" for students; "Mme Martin" style for parents, who share
// their child's family name, and for teachers.
std::string display_name(Account a, const Config& config);

// "4eB" for a student, the child's username for a parent, the subject taught
// for a teacher: the CSV files' last column.
std::string detail(Account a, const Config& config);

// The account a username names under this configuration, if any; only the
// canonical spelling counts ("student42" is not "student0042").
std::optional<Account> find_account(std::string_view username, const Config& config);

// Writes students.csv, parents.csv and teachers.csv into dir (created when
// missing) and returns how many accounts were written; UsageError on I/O errors.
std::size_t write_accounts(const std::filesystem::path& dir, const Config& config);

}  // namespace rollcall::sim
