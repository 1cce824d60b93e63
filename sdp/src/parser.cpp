// Text -> SessionDescription (RFC 8866 §5, grammar in §9).
//
// The text is read line by line (lines.hpp finds the line ends, 64 bytes per step with SSE2).
// A line is "<type>=<value>"; the type letter and where we are (session part or a media
// description) decide which grammar the value follows: fields.cpp for v o s i u e p c b t r z
// k m, parse_attribute.hpp for a=. Those read a few bytes past each field (8, 16, 64 at a
// time), so every line is given to them padded: in place when 64 bytes of the text follow it,
// and the last one or two lines from a padded copy (kPadding in text.hpp; run() below).
// Before that, two optional passes over the line ends:
//  - strict parsing first checks every line end (CRLF) and the bytes of every line, so that
//    such an error is reported wherever it is, before any value is looked at;
//  - a description with no memory yet (parse(), or parse_into() of an empty one) first counts
//    the a= lines of each section, so that every attribute vector is allocated once at its
//    final size. A reused description (parse_into() again) already has the room: no counting.
//
// Lenient (default) and strict differ only in checks, never in the model they build: strict
// adds the line order of §9, the mandatory lines, CRLF line ends and the character rules.
#include "rtc/sdp/parser.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "fields.hpp"
#include "line_order.hpp"
#include "lines.hpp"
#include "parse_attribute.hpp"

namespace rtc::sdp {
namespace {

using detail::Letters;
using detail::media_rank;
using detail::once_in_media;
using detail::once_in_session;
using detail::Problem;
using detail::session_rank;

// One line of the text, without its line end.
struct Line {
  std::size_t offset;  // of the type letter in the text
  std::size_t length;  // without the line end
  std::size_t number;  // 1-based, blank lines included, as an editor shows it
};

class Parser {
 public:
  Parser(std::string_view text, bool strict, SessionDescription& out)
      : text_(text), strict_(strict), out_(out) {}

  bool run();
  Error take_error() { return std::move(error_); }

 private:
  bool check_line_ends();
  void count_attributes();
  bool session_line(const Line& line, char type, std::string_view value);
  bool check_session_order(const Line& line, char type);
  bool start_media(const Line& line, std::string_view value);
  void reset_session();
  void begin_list(AttributeList& list, std::size_t section);
  void finish_list();
  void finish_media();
  bool media_line(const Line& line, char type, std::string_view value);
  bool attribute(std::size_t line, std::string_view value);
  RTC_SDP_INLINE void lenient_attribute(std::string_view value);
  bool end_media();
  bool finish();

  // The error paths. They are out of line and marked cold so that the code that runs for
  // every line stays small (it is executed hundreds of times per SDP; these at most once).
  [[gnu::cold, gnu::noinline]] bool fail(std::size_t line, std::size_t column,
                                         const char* message) {
    error_ = Error{Errc::malformed, message, std::nullopt, line, column};
    return false;
  }
  // "<before><type letter><after>"
  [[gnu::cold, gnu::noinline]] bool fail(std::size_t line, const char* before, char type,
                                         const char* after) {
    std::string message = before;
    message += type;
    message += after;
    error_ = Error{Errc::malformed, std::move(message), std::nullopt, line, 1};
    return false;
  }
  // A Problem in the value of `line`: the value starts at column 3, after "<type>=".
  [[gnu::cold, gnu::noinline]] bool fail(const Line& line, const Problem& problem) {
    std::string message{text_[line.offset], '=', ':', ' '};
    message += problem.reason;
    error_ =
        Error{Errc::malformed, std::move(message), std::nullopt, line.number, 3 + problem.offset};
    return false;
  }
  // "<type>= cannot follow <previous type>=<rule>"
  [[gnu::cold, gnu::noinline]] bool fail_order(std::size_t line, char type, const char* rule) {
    std::string message{type, '='};
    message += " cannot follow ";
    message += previous_;
    message += rule;
    error_ = Error{Errc::malformed, std::move(message), std::nullopt, line, 1};
    return false;
  }
  // An attribute problem: "a=<name>: <reason>", the column counted from the line's start.
  [[gnu::cold, gnu::noinline]] bool fail_attribute(std::size_t line, std::string_view value,
                                                   const Problem& problem) {
    std::string message = "a=";
    message += value.substr(0, value.find(':'));
    message += ": ";
    message += problem.reason;
    error_ = Error{Errc::malformed, std::move(message), std::nullopt, line, 3 + problem.offset};
    return false;
  }
  bool check(const Line& line, const std::optional<Problem>& problem) {
    return !problem || fail(line, *problem);
  }

  std::string_view text_;
  bool strict_;
  SessionDescription& out_;
  // a= lines per section, [0]: session, [i]: i-th media (when count_attributes() ran). A
  // browser's SDP has 3-10 media sections: no allocation for those.
  detail::SmallVector<std::uint32_t, 16> attribute_counts_;
  // The last lines of the text, padded (see run()).
  std::optional<detail::PaddedCopy> tail_;

  // Where attributes and media descriptions go. parse() starts from an empty description;
  // parse_into() from one that holds an earlier parse, whose attributes and media
  // descriptions are reused in place (their strings and vectors keep their memory) and the
  // ones left over are removed at the end.
  MediaDescription* media_ = nullptr;  // the current media description
  std::size_t media_used_ = 0;         // media descriptions filled so far
  AttributeList* list_ = nullptr;      // the current attribute list
  std::size_t used_ = 0;               // its attributes filled so far
  // The c= and b= lines of the current media description filled so far: reused in place like
  // its attributes (a Connection made anew costs three strings with their default values).
  std::size_t connections_used_ = 0;
  std::size_t bandwidths_used_ = 0;

  bool in_media_ = false;
  char previous_ = 0;           // type of the previous line in the current part
  int rank_ = -1;               // its rank (strict order checks)
  Letters session_seen_;        // type letters seen at session level
  Letters media_seen_;          // ... in the current media description
  std::size_t media_line_ = 0;  // line number of the current m=
  std::size_t last_line_ = 0;   // number of the last line that is not blank
  Error error_;
};

// Strict only: what RFC 8866 §5 and §9 say about line ends and bytes inside a line.
bool Parser::check_line_ends() {
  std::size_t start = 0;
  std::size_t number = 0;
  detail::LineEnds ends(text_);
  for (std::size_t end = ends.next(); end != detail::LineEnds::npos; end = ends.next()) {
    ++number;
    std::size_t length = end - start;
    if (end == text_.size()) {
      return fail(number, length + 1, "the last line does not end in CRLF (RFC 8866 §5)");
    }
    if (length == 0 || text_[end - 1] != '\r') {
      return fail(number, length + 1, "line ends in a bare LF; RFC 8866 §5 requires CRLF");
    }
    --length;  // the CR
    // byte-string and friends exclude NUL and CR everywhere (RFC 8866 §9). (Two memchr calls:
    // find_first_of with a two-character set calls memchr once per byte of the line.)
    const std::string_view content = text_.substr(start, length);
    const std::size_t bad = std::min(content.find('\0'), content.find('\r'));
    if (bad != std::string_view::npos) {
      return fail(number, bad + 1, "NUL or CR inside a line (RFC 8866 §9)");
    }
    if (length == 0) return fail(number, 1, "empty line (RFC 8866 §5)");
    start = end + 1;
  }
  return true;
}

// Counts the a= lines of each section (see the top of this file).
void Parser::count_attributes() {
  std::size_t start = 0;
  std::uint32_t attributes = 0;  // in the current section so far
  detail::LineEnds ends(text_);
  for (std::size_t end = ends.next(); end != detail::LineEnds::npos; end = ends.next()) {
    const char type = start < end ? text_[start] : '\n';
    if (type == 'm') {  // a new section: the count so far belongs to the previous one
      attribute_counts_.push_back(attributes);
      attributes = 0;
    }
    attributes += type == 'a' ? 1 : 0;
    start = end + 1;
  }
  attribute_counts_.push_back(attributes);
}

bool Parser::run() {
  if (strict_ && !check_line_ends()) return false;
  if (out_.attributes.capacity() == 0 && out_.media.empty()) {
    count_attributes();
    out_.media.reserve(attribute_counts_.size() - 1);
  }

  reset_session();
  begin_list(out_, 0);
  // The loop keeps what it needs in locals: the members are written only on the rarer paths.
  const char* const data = text_.data();
  const std::size_t size = text_.size();
  std::size_t start = 0;       // of the next line
  std::size_t number = 0;      // its number
  std::size_t last_line = 0;   // the last line that is not blank
  bool lenient_media = false;  // in a media description, parsing leniently (the fast path)
  // One line, which ends at `end` (its '\n', or the end of the text) and is read at `text`: in
  // place, or in a copy. False when it is refused (the error is set). `last_lines`: it may be
  // the last line, with no '\n' (not for the lines read in place, which have 64 bytes after).
  auto one_line = [&](std::size_t end, const char* text,
                      bool last_lines) __attribute__((always_inline)) {
    ++number;
    const std::size_t offset = start;
    std::size_t length = end - start;
    start = end + 1;
    // RFC 8866 §5: lines end in CRLF. A lone LF is accepted when lenient; a CR that is not
    // followed by LF is not a line end and stays in the value.
    if (length > 0 && (!last_lines || end < size) && data[end - 1] == '\r') [[likely]] {
      --length;
    }
    if (length == 0) [[unlikely]] {
      return true;  // lenient parsing skips blank lines (strict refused them)
    }
    last_line = number;

    if (length < 2 || text[1] != '=') {
      return fail(number, 2, "expected '<type>=<value>': a letter, then '=' (RFC 8866 §5)");
    }
    const char type = text[0];
    const std::string_view value(text + 2, length - 2);
    if (type != 'a' || !lenient_media) [[unlikely]] {
      const Line line{offset, length, number};
      bool ok;
      if (type == 'm') {
        ok = start_media(line, value);
      } else if (in_media_) {
        ok = media_line(line, type, value);
      } else {
        ok = session_line(line, type, value);
      }
      if (!ok) return false;
      previous_ = type;
      lenient_media = in_media_ && !strict_;
      return true;
    }
    // Most lines: an attribute of a media description. Lenient parsing has no order to check
    // once inside a media description (a= is last in its grammar), so go straight on (and
    // previous_, which only strict parsing reads, can wait for the next other line).
    lenient_attribute(value);
    return true;
  };

  // The value parsers read padded text (see kPadding in text.hpp). The lines followed by
  // kPadding bytes of the text, all but the last one or two, are read in place; the rest from
  // a padded copy of them.
  const std::size_t padded_until = size >= detail::kPadding ? size - detail::kPadding : 0;
  detail::LineEnds ends(text_);
  std::size_t end = ends.next();
  for (; end != detail::LineEnds::npos && end <= padded_until; end = ends.next()) {
    if (!one_line(end, data + start, false)) return false;
  }
  if (end != detail::LineEnds::npos) {
    tail_.emplace(text_.substr(start));
    const char* const tail = tail_->text().data();
    const std::size_t tail_start = start;
    for (; end != detail::LineEnds::npos; end = ends.next()) {
      if (!one_line(end, tail + (start - tail_start), true)) return false;
    }
  }
  last_line_ = last_line;
  if (last_line_ == 0) return fail(1, 1, "empty session description");
  // o= and s= are in every description browsers send: their defaults are restored only when
  // the text had none (building an Origin to overwrite it costs more than reading o=).
  if (!session_seen_.has('o')) out_.origin = Origin{};
  if (!session_seen_.has('s')) detail::set_text(out_.session_name, "-");
  if (!finish()) return false;
  finish_list();
  finish_media();
  out_.media.erase(out_.media.begin() + static_cast<std::ptrdiff_t>(media_used_), out_.media.end());
  return true;
}

// What the text does not necessarily set goes back to the model's defaults; the rest is
// overwritten line by line. (For a fresh description this changes nothing.) o= and s= are
// reset at the end of run(), when the text had none.
void Parser::reset_session() {
  SessionDescription& s = out_;
  s.version = 0;
  s.information.reset();
  s.uri.reset();
  s.emails.clear();
  s.phones.clear();
  s.connection.reset();
  s.bandwidths.clear();
  s.timings.clear();  // the model's default t=0 0 is for building descriptions, not parsing
  s.time_zones.reset();
  s.key.reset();
}

// Makes `list` the one a= lines go to: the session's (section 0) or a media description's.
void Parser::begin_list(AttributeList& list, std::size_t section) {
  list_ = &list;
  used_ = 0;
  // When count_attributes() ran: one allocation per section, at its final size.
  if (section < attribute_counts_.size()) list.attributes.reserve(attribute_counts_[section]);
}

// Removes the attributes an earlier parse left beyond the ones this one filled.
void Parser::finish_list() {
  auto& attributes = list_->attributes;
  attributes.erase(attributes.begin() + static_cast<std::ptrdiff_t>(used_), attributes.end());
}

// The same for the c= and b= lines of the media description that ends here; the next one
// starts counting its own from 0.
void Parser::finish_media() {
  if (media_ != nullptr) {
    detail::truncate(media_->connections, connections_used_);
    detail::truncate(media_->bandwidths, bandwidths_used_);
  }
  connections_used_ = 0;
  bandwidths_used_ = 0;
}

bool Parser::session_line(const Line& line, char type, std::string_view value) {
  if (session_rank(type) < 0) {
    return fail(line.number, "unknown line type '", type, detail::kUnknownType);
  }
  if (strict_ && !check_session_order(line, type)) return false;
  if (once_in_session(type) && session_seen_.has(type)) {
    return fail(line.number, "a second ", type, "= line (at most one is allowed)");
  }
  session_seen_.add(type);

  SessionDescription& s = out_;
  switch (type) {
    case 'v':
      return check(line, detail::parse_version(value, strict_, s.version));
    case 'o':
      return check(line, detail::parse_origin(value, strict_, s.origin));
    case 's':
      detail::set_field(s.session_name, value);
      return check(line, detail::check_text(value, strict_));
    case 'i':
      s.information.emplace(value);
      return check(line, detail::check_text(value, strict_));
    case 'u':
      s.uri.emplace(value);
      return check(line, detail::check_text(value, strict_));
    case 'e':
      s.emails.emplace_back(value);
      return check(line, detail::check_text(value, strict_));
    case 'p':
      s.phones.emplace_back(value);
      return check(line, detail::check_text(value, strict_));
    case 'c':
      return check(line, detail::parse_connection(value, strict_, s.connection.emplace()));
    case 'b':
      return check(line, detail::parse_bandwidth(value, strict_, s.bandwidths.emplace_back()));
    case 't':
      if (s.time_zones) {
        // RFC 8866 lets each time description end with its own z=; this model has a single
        // z= after the last one (session.hpp), so a t= after z= cannot be represented.
        return fail(line.number, 1,
                    "t= after z=: only one z= line, after the last t=, is supported");
      }
      return check(line, detail::parse_timing(value, strict_, s.timings.emplace_back()));
    case 'r':
      if (s.timings.empty()) return fail(line.number, 1, "r= before any t= (RFC 8866 §5.10)");
      s.timings.back().repeats.emplace_back(value);
      return check(line, detail::check_repeat(value, strict_));
    case 'z':
      s.time_zones.emplace(value);
      return check(line, detail::check_zones(value, strict_));
    case 'k':
      s.key.emplace(value);
      return check(line, detail::check_key(value, strict_));
    case 'a':
      return attribute(line.number, value);
    default:
      return true;  // unreachable: session_rank() knows only the letters above
  }
}

// Strict only: RFC 8866 §5 "the type letters ... MUST appear in the order given".
bool Parser::check_session_order(const Line& line, char type) {
  const int rank = session_rank(type);
  if (previous_ == 0 && type != 'v') {
    return fail(line.number, 1, "a session description starts with v= (RFC 8866 §5.1)");
  }
  if (type == 'r' && previous_ != 't' && previous_ != 'r') {
    return fail(line.number, 1, "r= must follow t= or r= (RFC 8866 §5.10)");
  }
  if (type == 'z' && previous_ != 'r') {
    return fail(line.number, 1, "z= must follow the r= lines it adjusts (RFC 8866 §5.11)");
  }
  const bool new_time_description = type == 't' && (previous_ == 't' || previous_ == 'r');
  if (rank < rank_ && !new_time_description) {
    return fail_order(line.number, type,
                      "= (RFC 8866 §5: the order is v o s i u e p c b t r z k a m)");
  }
  // v, o, s and t are mandatory: a line that belongs after one of them means it is missing.
  for (const char required : {'o', 's', 't'}) {
    if (!session_seen_.has(required) && rank > session_rank(required)) {
      return fail(line.number, "missing ", required, "= line before this one");
    }
  }
  rank_ = rank;
  return true;
}

bool Parser::start_media(const Line& line, std::string_view value) {
  if (strict_) {
    if (!in_media_) {
      for (const char required : {'v', 'o', 's', 't'}) {
        if (!session_seen_.has(required)) {
          return fail(line.number, "missing ", required, "= line before m=");
        }
      }
    } else if (!end_media()) {
      return false;
    }
  }
  in_media_ = true;
  media_seen_.clear();
  rank_ = 0;
  media_line_ = line.number;
  finish_list();  // before out_.media may grow and move the list
  finish_media();
  if (media_used_ < out_.media.size()) {
    media_ = &out_.media[media_used_];
    media_->title.reset();
    media_->key.reset();
  } else {
    media_ = &out_.media.emplace_back();
  }
  ++media_used_;
  begin_list(*media_, media_used_);
  return check(line, detail::parse_media_line(value, strict_, *media_));
}

bool Parser::media_line(const Line& line, char type, std::string_view value) {
  const int rank = media_rank(type);
  if (rank < 0) {
    if (session_rank(type) >= 0) {
      return fail(line.number, "", type, "= is not allowed in a media description (RFC 8866 §5)");
    }
    return fail(line.number, "unknown line type '", type, detail::kUnknownType);
  }
  if (strict_ && rank < rank_) {
    return fail_order(line.number, type, "= (RFC 8866 §5: a media description is m i c b k a)");
  }
  rank_ = rank;
  if (once_in_media(type) && media_seen_.has(type)) {
    return fail(line.number, "a second ", type, "= line in this media description");
  }
  media_seen_.add(type);

  MediaDescription& m = *media_;
  switch (type) {
    case 'a':
      return attribute(line.number, value);
    case 'i':
      m.title.emplace(value);
      return check(line, detail::check_text(value, strict_));
    case 'c':
      return check(line, detail::parse_connection(
                             value, strict_, detail::next_item(m.connections, connections_used_)));
    case 'b':
      return check(line, detail::parse_bandwidth(
                             value, strict_, detail::next_item(m.bandwidths, bandwidths_used_)));
    case 'k':
      m.key.emplace(value);
      return check(line, detail::check_key(value, strict_));
    default:
      return true;  // unreachable: media_rank() knows only the letters above
  }
}

bool Parser::attribute(std::size_t line, std::string_view value) {
  const auto problem =
      detail::parse_attribute_into(value, strict_, detail::AttributeSlot{list_->attributes, used_});
  ++used_;
  if (problem) [[unlikely]] {
    return fail_attribute(line, value, *problem);
  }
  return true;
}

// The same for the lenient parse of a media description's a= lines (most lines), which cannot
// fail: the strict checks and the error path are compiled out of the dispatch.
void Parser::lenient_attribute(std::string_view value) {
  detail::parse_attribute_into(value, /*strict=*/false,
                               detail::AttributeSlot{list_->attributes, used_});
  ++used_;
}

// Strict only, when a media description ends.
bool Parser::end_media() {
  // RFC 8866 §5.7: c= at session level, or in every media description.
  if (!out_.connection && connections_used_ == 0) {
    return fail(media_line_, 1,
                "this media description has no c= line and there is none at session level "
                "(RFC 8866 §5.7)");
  }
  return true;
}

bool Parser::finish() {
  if (!strict_) return true;
  const std::size_t after_last = last_line_ + 1;
  for (const char required : {'v', 'o', 's', 't'}) {
    if (!session_seen_.has(required)) {
      return fail(after_last, "missing ", required, "= line (RFC 8866 §5)");
    }
  }
  return !in_media_ || end_media();
}

}  // namespace

Result<SessionDescription> parse(std::string_view text, const ParseOptions& options) {
  Result<SessionDescription> result(std::in_place);
  Parser parser(text, options.strict, *result);
  if (!parser.run()) return std::unexpected(parser.take_error());
  return result;
}

Result<void> parse_into(std::string_view text, SessionDescription& out,
                        const ParseOptions& options) {
  Parser parser(text, options.strict, out);
  if (!parser.run()) return std::unexpected(parser.take_error());
  return {};
}

}  // namespace rtc::sdp
