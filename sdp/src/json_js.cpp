// The few rules of JavaScript that decide what sdp-transform's JSON looks like, written out in
// C++ so that to_json/from_json (json.cpp) give the same bytes as the npm package under node:
//
//  - Number("text") and String(number): sdp-transform turns a field into a JSON number only
//    when String(Number(v)) === v, and writes %d fields through Number(); so "2" becomes 2,
//    "007" stays "007", and a 19-digit session id stays a string (it does not survive a
//    double), while a 20-digit o= version written with %d comes out rounded to 17 digits.
//  - JSON.stringify: key order as inserted, JavaScript's number text, its string escapes.
//  - What \s matches in a JavaScript regular expression (Unicode spaces too), and how node
//    turns invalid UTF-8 into U+FFFD when it reads a file as 'utf8'.
//
// The ECMAScript sections are those of ECMA-262 (2024).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace rtc::sdp::js {

struct CodePoint {
  char32_t value;
  std::size_t size;  // bytes of UTF-8
};

// One code point of well-formed UTF-8 (utf8_sanitize's output) at `pos` (< s.size()).
CodePoint decode(std::string_view s, std::size_t pos) {
  const auto b = static_cast<unsigned char>(s[pos]);
  auto cont = [&](std::size_t i) {
    return pos + i < s.size() ? static_cast<char32_t>(static_cast<unsigned char>(s[pos + i]) & 0x3F)
                              : char32_t{0};
  };
  if (b < 0x80) return {b, 1};
  if (b < 0xE0) return {(static_cast<char32_t>(b & 0x1F) << 6) | cont(1), 2};
  if (b < 0xF0) return {(static_cast<char32_t>(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3};
  return {(static_cast<char32_t>(b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4};
}

// LineTerminator (ECMAScript §12.3): what `.` in a regular expression does not match.
bool is_line_terminator(char32_t c) {
  return c == U'\n' || c == U'\r' || c == 0x2028 || c == 0x2029;
}

// WhiteSpace and LineTerminator (§12.2, §12.3): the class \s (§22.2.2.9) and the characters
// StringToNumber trims (§7.1.4.1.1). WhiteSpace includes every Unicode "Zs" space.
bool is_space(char32_t c) {
  switch (c) {
    case U'\t':
    case 0x0B:
    case 0x0C:
    case U' ':
    case 0xA0:
    case 0xFEFF:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return (c >= 0x2000 && c <= 0x200A) || is_line_terminator(c);
  }
}

// The WHATWG UTF-8 decoder with replacement (Encoding Standard §4.1), which is what node's
// fs.readFileSync(file, 'utf8') applies: each maximal invalid subsequence becomes U+FFFD.
std::string utf8_sanitize(std::string_view bytes) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(bytes.size());
  std::size_t start = 0;  // first byte of the sequence being decoded
  int needed = 0, seen = 0;
  unsigned lower = 0x80, upper = 0xBF;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (needed == 0) {
      start = i;
      if (b <= 0x7F) {
        out.push_back(static_cast<char>(b));
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) lower = 0xA0;
        if (b == 0xED) upper = 0x9F;  // no UTF-16 surrogates
        needed = 2;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) lower = 0x90;
        if (b == 0xF4) upper = 0x8F;  // nothing above U+10FFFF
        needed = 3;
      } else {
        out += kReplacement;
      }
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence broke off: replace what was read and look at this byte afresh.
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      out += kReplacement;
      --i;
      continue;
    }
    lower = 0x80;
    upper = 0xBF;
    if (++seen == needed) {
      out.append(bytes.substr(start, i + 1 - start));
      needed = seen = 0;
    }
  }
  if (needed != 0) out += kReplacement;
  return out;
}

namespace {

// Trims StrWhiteSpaceChar from both ends of well-formed UTF-8.
std::string_view trim(std::string_view s) {
  std::vector<std::size_t> starts;  // start of each code point
  for (std::size_t pos = 0; pos < s.size(); pos += decode(s, pos).size) starts.push_back(pos);
  std::size_t first = 0;
  while (first < starts.size() && is_space(decode(s, starts[first]).value)) ++first;
  std::size_t last = starts.size();
  while (last > first && is_space(decode(s, starts[last - 1]).value)) --last;
  if (first == last) return {};
  const std::size_t end = last == starts.size() ? s.size() : starts[last];
  return s.substr(starts[first], end - starts[first]);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// StrDecimalLiteral without the sign and without Infinity (§7.1.4.1): digits with an optional
// fraction (at least one digit in all), then an optional exponent.
bool is_unsigned_decimal(std::string_view s) {
  std::size_t i = 0, digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t exponent_start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == exponent_start) return false;
  }
  return i == s.size();
}

// from_chars reports overflow and underflow alike; tell them apart by the decimal exponent of
// the first significant digit ("0.00012e-400": -4 - 400).
double out_of_range_value(std::string_view s) {
  const std::size_t exponent_pos = s.find_first_of("eE");
  const std::string_view mantissa = s.substr(0, exponent_pos);
  const std::size_t point = mantissa.find('.');
  const std::size_t int_len = point == std::string_view::npos ? mantissa.size() : point;
  const std::size_t first = mantissa.find_first_of("123456789");
  if (first == std::string_view::npos) return 0.0;
  long long exponent = first < int_len ? static_cast<long long>(int_len - first - 1)
                                       : -static_cast<long long>(first - int_len);
  if (exponent_pos != std::string_view::npos) {
    std::size_t j = exponent_pos + 1;
    const bool negative = j < s.size() && s[j] == '-';
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    long long e = 0;
    for (; j < s.size(); ++j) e = std::min<long long>(e * 10 + (s[j] - '0'), 1'000'000'000);
    exponent += negative ? -e : e;
  }
  return exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

double integer_in_radix(std::string_view digits, int radix) {
  if (digits.empty()) return std::numeric_limits<double>::quiet_NaN();
  long double value = 0;
  for (char c : digits) {
    int d;
    if (is_digit(c))
      d = c - '0';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z')
      d = c - 'A' + 10;
    else
      return std::numeric_limits<double>::quiet_NaN();
    if (d >= radix) return std::numeric_limits<double>::quiet_NaN();
    value = value * radix + d;
  }
  return static_cast<double>(value);
}

}  // namespace

// StringToNumber (§7.1.4.1.1): what Number("text") gives for a string.
double string_to_number(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return 0.0;
  if (s.size() > 2 && s[0] == '0') {
    switch (s[1]) {
      case 'x':
      case 'X':
        return integer_in_radix(s.substr(2), 16);
      case 'o':
      case 'O':
        return integer_in_radix(s.substr(2), 8);
      case 'b':
      case 'B':
        return integer_in_radix(s.substr(2), 2);
      default:
        break;
    }
  }
  bool negative = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  double value;
  if (body == "Infinity") {
    value = std::numeric_limits<double>::infinity();
  } else if (is_unsigned_decimal(body)) {
    const auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
    if (ec == std::errc::result_out_of_range)
      value = out_of_range_value(body);
    else if (ec != std::errc{} || ptr != body.data() + body.size())
      return std::numeric_limits<double>::quiet_NaN();
  } else {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return negative ? -value : value;
}

// Number::toString(x, 10) (§6.1.6.1.20): the shortest digits that read back as x, written
// plainly for exponents up to 21 and down to -6, otherwise as d.ddde+n.
std::string number_to_string(double x) {
  if (std::isnan(x)) return "NaN";
  if (x == 0) return "0";  // +0 and -0
  if (x < 0) return "-" + number_to_string(-x);
  if (std::isinf(x)) return "Infinity";
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(result.ptr - buf));  // "d.ddde+XX"
  const std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // x = 0.digits * 10^n
  if (k <= n && n <= 21) return digits + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21) return digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  const std::string sign = n - 1 >= 0 ? "+" : "-";
  const std::string mantissa = k == 1 ? digits : digits.substr(0, 1) + "." + digits.substr(1);
  return mantissa + "e" + sign + std::to_string(n - 1 >= 0 ? n - 1 : 1 - n);
}

// sdp-transform's rule for numbers: a captured text becomes a number only if it is exactly
// how JavaScript would print that number.
bool is_canonical_number(std::string_view text) {
  return number_to_string(string_to_number(text)) == text;
}

namespace {

// JSON.stringify's QuoteJSONString (§25.5.2.3) for well-formed UTF-8.
void quote(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

// SerializeJSONProperty (§25.5.2.2) for the value types to_json builds. `gap` is the indent
// unit ("" for compact output), `indent` the current indentation.
void stringify_to(const nlohmann::ordered_json& v, const std::string& gap, std::string& indent,
                  bool pretty, std::string& out) {
  using value_t = nlohmann::ordered_json::value_t;
  switch (v.type()) {
    case value_t::null:
      out += "null";
      return;
    case value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case value_t::number_integer:
      out += std::to_string(v.get<std::int64_t>());
      return;
    case value_t::number_unsigned:
      out += std::to_string(v.get<std::uint64_t>());
      return;
    case value_t::number_float: {
      const double d = v.get<double>();
      out += std::isfinite(d) ? number_to_string(d) : "null";  // JSON has no NaN/Infinity
      return;
    }
    case value_t::string:
      quote(v.get_ref<const std::string&>(), out);
      return;
    case value_t::array:
    case value_t::object: {
      const bool object = v.is_object();
      if (v.empty()) {
        out += object ? "{}" : "[]";
        return;
      }
      out.push_back(object ? '{' : '[');
      const std::size_t outer = indent.size();
      indent += gap;
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        if (pretty) {
          out.push_back('\n');
          out += indent;
        }
        if (object) {
          quote(it.key(), out);
          out += pretty ? ": " : ":";
        }
        stringify_to(*it, gap, indent, pretty, out);
      }
      indent.resize(outer);
      if (pretty) {
        out.push_back('\n');
        out += indent;
      }
      out.push_back(object ? '}' : ']');
      return;
    }
    default:
      out += "null";
      return;  // binary and discarded values do not occur here
  }
}

}  // namespace

// JSON.stringify(value, null, indent) (§25.5.2.1); indent < 0 is compact. Unlike JavaScript,
// indent 0 still puts each member on its own line, and indents above 10 are not capped.
std::string stringify(const nlohmann::ordered_json& value, int indent) {
  std::string out, current;
  const std::string gap(indent > 0 ? static_cast<std::size_t>(indent) : 0, ' ');
  stringify_to(value, gap, current, indent >= 0, out);
  return out;
}

}  // namespace rtc::sdp::js
