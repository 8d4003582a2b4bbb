// `rollcall completion bash`: prints a bash completion script. The script is
// written from the command line definition itself, walked when the command
// runs (every subcommand, each one's flags and which of them take a value),
// so it cannot drift from what the program accepts.
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "common/exit_code.hpp"

namespace rollcall::cli {

namespace {

// The shells a script can be written for: the completion command's own
// argument completes to these.
const std::vector<std::string> kShells = {"bash"};

enum class ValueKind { other, file, directory, shell };

// What a value names. CLI11 does not know: every path option is a plain
// string, so the options are recognised by name. A flag missing here still
// completes; only its value is not completed as a path.
ValueKind value_kind(const std::string& name) {
  for (const char* file : {"file", "--body-file", "--cacert", "--json", "--junit", "--write-cert", "--output"})
    if (name == file) return ValueKind::file;
  // --out and --write-accounts name folders; baseline and candidate are results folders.
  for (const char* dir : {"dir", "baseline", "candidate", "--out", "--write-accounts"})
    if (name == dir) return ValueKind::directory;
  if (name == "shell") return ValueKind::shell;
  return ValueKind::other;
}

// One subcommand (or the program itself) as the script sees it.
struct CommandWords {
  std::string name;                   // empty: the program, before any subcommand
  std::vector<std::string> flags;     // every spelling, short and long
  std::vector<std::string> valued;    // spellings whose next word is a value
  std::vector<std::string> files;     // spellings whose value is a file
  std::vector<std::string> dirs;      // spellings whose value is a folder
  ValueKind positional = ValueKind::other;
};

std::string joined(const std::vector<std::string>& words, const char* separator = " ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

void add_option_words(const CLI::Option& opt, CommandWords& words) {
  if (!opt.nonpositional()) {
    if (words.positional == ValueKind::other) words.positional = value_kind(opt.get_name());
    return;
  }
  std::vector<std::string> spellings;
  for (const auto& s : opt.get_snames()) spellings.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) spellings.push_back("--" + l);
  ValueKind kind = ValueKind::other;
  for (const auto& s : spellings)
    if (value_kind(s) != ValueKind::other) kind = value_kind(s);
  const bool takes_value = opt.get_items_expected_max() > 0;
  for (const auto& s : spellings) {
    words.flags.push_back(s);
    if (takes_value) words.valued.push_back(s);
    if (takes_value && kind == ValueKind::file) words.files.push_back(s);
    if (takes_value && kind == ValueKind::directory) words.dirs.push_back(s);
  }
}

CommandWords command_words(const CLI::App& app, std::string name) {
  CommandWords words;
  words.name = std::move(name);
  for (const auto* opt : app.get_options()) add_option_words(*opt, words);
  return words;
}

const char* positional_kind(ValueKind kind) {
  switch (kind) {
    case ValueKind::file: return "file";
    case ValueKind::directory: return "directory";
    case ValueKind::shell: return "shell";
    case ValueKind::other: break;
  }
  return "";
}

std::string case_branch(const CommandWords& w) {
  return fmt::format(
      "    {})\n"
      "      flags='{}'\n"
      "      valued='{}'\n"
      "      files='{}'\n"
      "      dirs='{}'\n"
      "      positional='{}' ;;\n",
      w.name.empty() ? "''" : w.name, joined(w.flags), joined(w.valued), joined(w.files), joined(w.dirs),
      positional_kind(w.positional));
}

// The script: the word under the cursor is a flag's value (a path, or
// nothing to propose), a flag, or a positional argument (a subcommand, a
// path, a shell). Self-contained: plain bash, no bash-completion helpers.
std::string bash_script(const CLI::App& root) {
  std::vector<std::string> names;
  std::string branches = case_branch(command_words(root, ""));
  for (const auto* sub : root.get_subcommands({})) {
    names.push_back(sub->get_name());
    branches += case_branch(command_words(*sub, sub->get_name()));
  }
  return fmt::format(
      R"(# bash completion for rollcall {version}, written by `rollcall completion bash`.
# Load it in the current shell with: source <(rollcall completion bash)
# or save it as ~/.local/share/bash-completion/completions/rollcall.

_rollcall_paths() {{
  compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  COMPREPLY=($(compgen "$1" -- "$2"))
}}

_rollcall() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local command='' i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
      {alternatives}) command=${{COMP_WORDS[i]}}; break ;;
    esac
  done
  local flags valued files dirs positional
  case $command in
{branches}  esac
  COMPREPLY=()
  if [[ " $files " == *" $prev "* ]]; then _rollcall_paths -f "$cur"; return; fi
  if [[ " $dirs " == *" $prev "* ]]; then _rollcall_paths -d "$cur"; return; fi
  if [[ " $valued " == *" $prev "* ]]; then return; fi
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$flags" -- "$cur")); return; fi
  if [[ -z $command ]]; then COMPREPLY=($(compgen -W '{commands}' -- "$cur")); return; fi
  case $positional in
    file) _rollcall_paths -f "$cur" ;;
    directory) _rollcall_paths -d "$cur" ;;
    shell) COMPREPLY=($(compgen -W '{shells}' -- "$cur")) ;;
  esac
}}

complete -F _rollcall rollcall
)",
      fmt::arg("version", ROLLCALL_VERSION), fmt::arg("alternatives", joined(names, "|")),
      fmt::arg("branches", branches), fmt::arg("commands", joined(names)), fmt::arg("shells", joined(kShells)));
}

struct CompletionArgs {
  std::string shell;
};

}  // namespace

void add_completion_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("completion", "Print a shell completion script (bash): source <(rollcall completion bash)");
  auto args = std::make_shared<CompletionArgs>();
  cmd->add_option("shell", args->shell, "The shell: bash")->required()->check(CLI::IsMember(kShells));
  // The script is written when the command runs, once every subcommand exists.
  const CLI::App* root = &app;
  cmd->callback([&action, root, args] {
    action = [root, args] {
      if (args->shell != "bash") return exit_code::usage;  // refused by the check above
      fmt::print("{}", bash_script(*root));
      return exit_code::ok;
    };
  });
}

}  // namespace rollcall::cli
