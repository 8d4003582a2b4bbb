#include "scenario/source_text.hpp"

#include <algorithm>

namespace rollcall::scenario {

SourceText::SourceText(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

Location SourceText::at(const YAML::Mark& mark) const {
  if (mark.line < 0 || mark.column < 0) return {file_, 1, 1};
  return {file_, mark.line + 1, mark.column + 1};
}

std::size_t SourceText::position(const YAML::Mark& mark) const {
  const auto line = static_cast<std::size_t>(std::max(mark.line, 0));
  if (line >= line_starts_.size()) return text_.size();
  return std::min(text_.size(), line_starts_[line] + static_cast<std::size_t>(std::max(mark.column, 0)));
}

Location SourceText::at_position(std::size_t pos) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), pos);
  const auto line = static_cast<std::size_t>(it - line_starts_.begin());  // 1-based
  return {file_, static_cast<int>(line), static_cast<int>(pos - line_starts_[line - 1]) + 1};
}

Location SourceText::at_offset(const YAML::Mark& scalar, std::size_t offset) const {
  if (scalar.line < 0) return at(scalar);
  std::size_t pos = position(scalar);
  enum class Style { plain, single_quoted, double_quoted, block } style = Style::plain;
  std::size_t indent = 0;
  const char first = pos < text_.size() ? text_[pos] : '\0';
  if (first == '"') {
    style = Style::double_quoted;
    ++pos;
  } else if (first == '\'') {
    style = Style::single_quoted;
    ++pos;
  } else if (first == '|' || first == '>') {
    // A block scalar's text starts on the next line that is not blank,
    // after the indentation that line sets.
    style = Style::block;
    while (pos < text_.size() && text_[pos] != '\n') ++pos;
    while (pos < text_.size()) {
      ++pos;
      std::size_t end = pos;
      while (end < text_.size() && text_[end] == ' ') ++end;
      if (end < text_.size() && text_[end] != '\n') {
        indent = end - pos;
        pos = end;
        break;
      }
      pos = end;
    }
  }

  // Walk the written text, counting the bytes of the value it stands for.
  std::size_t remaining = offset;
  while (remaining > 0 && pos < text_.size()) {
    const char c = text_[pos];
    if (style == Style::double_quoted && c == '\\' && pos + 1 < text_.size()) {
      const char e = text_[pos + 1];
      pos += e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
      --remaining;
    } else if (style == Style::single_quoted && c == '\'' && pos + 1 < text_.size() && text_[pos + 1] == '\'') {
      pos += 2;
      --remaining;
    } else if (c == '\n') {
      // A line break is one byte of the value (a newline or a folded space);
      // the next line's indentation is not part of it.
      ++pos;
      std::size_t skipped = 0;
      while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t') && (style != Style::block || skipped < indent)) {
        ++pos;
        ++skipped;
      }
      --remaining;
    } else {
      ++pos;
      --remaining;
    }
  }
  return at_position(std::min(pos, text_.size()));
}

}  // namespace rollcall::scenario
