#pragma once
// Numbers as people read them in a terminal.
#include <cstdint>
#include <string>

namespace rollcall::report {

std::string human_latency(std::int64_t micros);   // "850us", "1.23ms", "2.10s"
std::string human_bytes(double bytes);            // "12.30 MB"
std::string grouped(std::uint64_t n);             // "1,234,567"
inline double ms(std::int64_t micros) { return static_cast<double>(micros) / 1000.0; }
inline double per_second(double count, double seconds) { return seconds > 0 ? count / seconds : 0; }

}  // namespace rollcall::report
