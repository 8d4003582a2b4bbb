#pragma once
// Which variables a persona's steps may read, in flow order: builtins, its
// feeder's columns, and what earlier steps extract. An extraction inside a
// branch or loop counts afterwards as "may be defined": the run reports it
// if it turns out unset. Reads are checked as the flow is walked and told at
// the end, when the message can say where the variable is extracted.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model.hpp"
#include "scenario/problem.hpp"

namespace rollcall::scenario {

class Scope {
 public:
  Scope(std::string persona, std::vector<std::string> columns, std::string feeder_file);

  const std::string& persona() const { return persona_; }
  bool defined(std::string_view name) const { return defined_.count(name) > 0; }
  void define(const std::string& name) { defined_.insert(name); }
  // Flow-order state, copied before a branch and merged after it.
  std::set<std::string, std::less<>> state() const { return defined_; }
  void restore(std::set<std::string, std::less<>> state) { defined_ = std::move(state); }
  void merge(const std::set<std::string, std::less<>>& other) { defined_.insert(other.begin(), other.end()); }

  // A template reads `name` here.
  void read(std::string_view name, const Location& at);
  // A step extracts `name` (recorded once, at its first extraction).
  void extracted(const std::string& name, const Location& at);
  // A condition tests `name`: it need not be defined before, but something
  // must be able to set it, or the condition is a typo.
  void tested(const std::string& name, const Location& at);

  // Adds a problem for each read of an undefined variable.
  void report(Problems& problems) const;

  static const std::vector<std::string_view>& builtins();

 private:
  struct Use {
    std::string name;
    Location at;
  };
  std::string undefined_message(const std::string& name, bool tested) const;
  const Use* extraction(const std::string& name) const;

  std::string persona_;
  std::vector<std::string> columns_;
  std::string feeder_file_;
  std::set<std::string, std::less<>> defined_;
  std::vector<Use> undefined_reads_;
  std::vector<Use> tests_;
  std::vector<Use> extractions_;
};

}  // namespace rollcall::scenario
