#include "scenario/problem.hpp"

#include <algorithm>
#include <tuple>

#include "scenario/utf8.hpp"

namespace rollcall::scenario {

void Problems::add(Location where, std::string message) {
  const int line = where.line, column = where.column;
  pending_.push_back({line, column, pending_.size(), {std::move(where), std::move(message)}});
}

void Problems::add_elsewhere(Location where, std::string message, const Location& named_at) {
  pending_.push_back({named_at.line, named_at.column, pending_.size(), {std::move(where), std::move(message)}});
}

std::vector<Problem> Problems::take() {
  std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
    return std::tie(a.line, a.column, a.sequence) < std::tie(b.line, b.column, b.sequence);
  });
  std::vector<Problem> out;
  for (auto& p : pending_) {
    // Two personas may reach the same shared node (defaults, an anchor):
    // one line per problem is enough.
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Problem& q) {
      return q.where.file == p.problem.where.file && q.where.line == p.problem.where.line &&
             q.where.column == p.problem.where.column && q.message == p.problem.message;
    });
    if (seen) continue;
    p.problem.message = printable(p.problem.message);
    out.push_back(std::move(p.problem));
  }
  pending_.clear();
  return out;
}

}  // namespace rollcall::scenario
