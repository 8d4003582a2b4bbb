#pragma once
// rollcall's exit codes: part of its public interface (CI jobs branch on them).
namespace rollcall::exit_code {
inline constexpr int ok = 0;              // every objective met
inline constexpr int objective_failed = 1;
inline constexpr int usage = 2;           // bad flag, file, URL or configuration
inline constexpr int aborted = 3;         // signal or abort rule
inline constexpr int generator_limited = 4;  // the generator, not the target, was the bottleneck
}  // namespace rollcall::exit_code
