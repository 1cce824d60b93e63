// RFC 6455 §5: frame encoding, masking, the streaming parser and its close codes.
#include "rtc/signaling/websocket_frame.hpp"

#include <gtest/gtest.h>

namespace rtc::signaling::ws {
namespace {

const MaskKey kMask = {0x37, 0xfa, 0x21, 0x3d};

Bytes masked(Opcode op, std::string_view payload, bool fin = true) {
  return encode_frame(op, as_bytes(payload), fin, &kMask);
}

template <class T>
T expect_event(FrameParser& p) {
  auto e = p.next();
  EXPECT_TRUE(e.has_value());
  if (!e) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*e)) << "got variant index " << e->index();
  if (!std::holds_alternative<T>(*e)) return T{};
  return std::get<T>(*e);
}

// §5.7: the RFC's examples, byte for byte.
TEST(Rfc6455_5_7, SingleFrameUnmaskedText) {
  const Bytes frame = encode_frame(Opcode::text, as_bytes("Hello"));
  EXPECT_EQ(frame, (Bytes{0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
  FrameParser client({Role::client});
  client.feed(frame);
  EXPECT_EQ(expect_event<Message>(client).data, "Hello");
}

TEST(Rfc6455_5_7, SingleFrameMaskedText) {
  const Bytes frame = masked(Opcode::text, "Hello");
  EXPECT_EQ(frame, (Bytes{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
  FrameParser server;
  server.feed(frame);
  EXPECT_EQ(expect_event<Message>(server).data, "Hello");
}

TEST(Rfc6455_5_7, FragmentedUnmaskedText) {
  FrameParser client({Role::client});
  client.feed(Bytes{0x01, 0x03, 0x48, 0x65, 0x6c});
  EXPECT_FALSE(client.next().has_value());
  client.feed(Bytes{0x80, 0x02, 0x6c, 0x6f});
  EXPECT_EQ(expect_event<Message>(client).data, "Hello");
}

TEST(Rfc6455_5_7, PingAndPong) {
  EXPECT_EQ(encode_frame(Opcode::ping, as_bytes("Hello")),
            (Bytes{0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
  FrameParser server;
  server.feed(encode_frame(Opcode::pong, as_bytes("Hello"), true, &kMask));
  EXPECT_EQ(expect_event<Pong>(server).payload,
            Bytes(as_bytes("Hello").begin(), as_bytes("Hello").end()));
}

TEST(Rfc6455_5_7, LengthsUseSevenSixteenAndSixtyFourBits) {
  EXPECT_EQ(encode_frame(Opcode::binary, Bytes(125)).size(), 2u + 125);
  const Bytes b256 = encode_frame(Opcode::binary, Bytes(256));
  EXPECT_EQ((std::vector<std::uint8_t>(b256.begin(), b256.begin() + 4)),
            (Bytes{0x82, 0x7E, 0x01, 0x00}));
  const Bytes b64k = encode_frame(Opcode::binary, Bytes(65536));
  EXPECT_EQ((std::vector<std::uint8_t>(b64k.begin(), b64k.begin() + 10)),
            (Bytes{0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0}));
  FrameParser client({Role::client, 1 << 20});
  client.feed(b64k);
  auto m = expect_event<Message>(client);
  EXPECT_TRUE(m.binary);
  EXPECT_EQ(m.data.size(), 65536u);
}

TEST(Rfc6455_5_3, MaskingIsItsOwnInverseAndKeepsItsPhase) {
  Bytes data(as_bytes("abcdefgh").begin(), as_bytes("abcdefgh").end());
  const Bytes original = data;
  apply_mask(MutableBytesView(data).subspan(0, 3), kMask, 0);
  apply_mask(MutableBytesView(data).subspan(3), kMask, 3);
  apply_mask(data, kMask);
  EXPECT_EQ(data, original);
}

TEST(Rfc6455_5_2, ParserAcceptsOneByteAtATime) {
  Bytes stream = masked(Opcode::text, "first");
  const Bytes second = masked(Opcode::text, std::string(300, 'x'));
  stream.insert(stream.end(), second.begin(), second.end());
  FrameParser server;
  std::vector<std::string> got;
  for (std::uint8_t b : stream) {
    server.feed(BytesView(&b, 1));
    while (auto e = server.next()) got.push_back(std::get<Message>(*e).data);
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "first");
  EXPECT_EQ(got[1], std::string(300, 'x'));
}

TEST(Rfc6455_5_4, ControlFramesMayInterleaveFragments) {
  FrameParser server;
  server.feed(masked(Opcode::text, "Hel", false));
  server.feed(masked(Opcode::ping, "p"));
  server.feed(masked(Opcode::continuation, "lo"));
  expect_event<Ping>(server);
  EXPECT_EQ(expect_event<Message>(server).data, "Hello");
}

TEST(Rfc6455_5_4, ManyEmptyFragments) {
  FrameParser server;
  server.feed(masked(Opcode::text, "", false));
  for (int i = 0; i < 10000; ++i) server.feed(masked(Opcode::continuation, "", false));
  server.feed(masked(Opcode::continuation, "end"));
  EXPECT_EQ(expect_event<Message>(server).data, "end");
}

struct Bad {
  const char* name;
  Bytes input;
  std::uint16_t code;
};

class Rfc6455_Failures : public ::testing::TestWithParam<Bad> {};

TEST_P(Rfc6455_Failures, FailWithTheRightCloseCode) {
  FrameParser server({Role::server, 1024});
  server.feed(GetParam().input);
  std::optional<Event> e;
  while ((e = server.next()) && !std::holds_alternative<Failure>(*e)) {
  }
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(std::get<Failure>(*e).code, GetParam().code) << std::get<Failure>(*e).reason;
  EXPECT_TRUE(server.failed());
  EXPECT_FALSE(server.next().has_value());
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes with_first_byte(Bytes b, std::uint8_t first) {
  b[0] = first;
  return b;
}

INSTANTIATE_TEST_SUITE_P(
    All, Rfc6455_Failures,
    ::testing::Values(
        // §5.1: a server MUST close the connection on an unmasked client frame.
        Bad{"Unmasked_5_1", encode_frame(Opcode::text, as_bytes("hi")), close_code::protocol_error},
        // §5.2: reserved bits without an extension.
        Bad{"Rsv1_5_2", with_first_byte(masked(Opcode::text, "hi"), 0xC1),
            close_code::protocol_error},
        Bad{"UnknownOpcode_5_2", with_first_byte(masked(Opcode::text, "hi"), 0x83),
            close_code::protocol_error},
        Bad{"UnknownControlOpcode_5_2", with_first_byte(masked(Opcode::ping, ""), 0x8B),
            close_code::protocol_error},
        // §5.5: control frames are short and never fragmented.
        Bad{"LongPing_5_5", masked(Opcode::ping, std::string(126, 'p')),
            close_code::protocol_error},
        Bad{"FragmentedPing_5_5", masked(Opcode::ping, "p", false), close_code::protocol_error},
        // §5.4: continuation without a start; a new message inside a fragmented one.
        Bad{"LoneContinuation_5_4", masked(Opcode::continuation, "x"), close_code::protocol_error},
        Bad{"Interleaved_5_4",
            concat({masked(Opcode::text, "a", false), masked(Opcode::text, "b")}),
            close_code::protocol_error},
        // §8.1: invalid UTF-8, in one frame or split across fragments.
        Bad{"InvalidUtf8_8_1",
            masked(Opcode::text, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"),
            close_code::invalid_payload},
        Bad{"TruncatedUtf8_8_1", masked(Opcode::text, "ok\xe2\x82"), close_code::invalid_payload},
        Bad{"Utf8AcrossFragments_8_1",
            concat({masked(Opcode::text, "\xf0\x9f", false), masked(Opcode::continuation, "\x41")}),
            close_code::invalid_payload},
        // §7.4.1: 1009, the message is bigger than we accept (the limit here is 1024).
        Bad{"TooBig_7_4_1", masked(Opcode::binary, std::string(1025, 'x')),
            close_code::message_too_big},
        Bad{"TooBigAcrossFragments_7_4_1",
            concat({masked(Opcode::binary, std::string(600, 'x'), false),
                    masked(Opcode::continuation, std::string(600, 'x'))}),
            close_code::message_too_big},
        // §5.5.1: a one-byte close payload, an invalid code, a reason that is not UTF-8.
        Bad{"CloseOneByte_5_5_1", masked(Opcode::close, "\x03"), close_code::protocol_error},
        Bad{"CloseCode1005_7_4_1", masked(Opcode::close, std::string("\x03\xed", 2)),
            close_code::protocol_error},
        Bad{"CloseCode999_7_4_1", masked(Opcode::close, std::string("\x03\xe7", 2)),
            close_code::protocol_error},
        Bad{"CloseReasonNotUtf8_5_5_1", masked(Opcode::close, std::string("\x03\xe8\xff", 3)),
            close_code::invalid_payload},
        // §5.2: the 64-bit length's top bit must be 0.
        Bad{"Length64TopBit_5_2", Bytes{0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4},
            close_code::protocol_error}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Rfc6455_5_1, ClientRejectsMaskedServerFrames) {
  FrameParser client({Role::client});
  client.feed(masked(Opcode::text, "x"));
  EXPECT_EQ(std::get<Failure>(*client.next()).code, close_code::protocol_error);
}

TEST(Rfc6455_7_4_1, HugeLengthFailsBeforeThePayloadArrives) {
  FrameParser server;
  // Only the header of a frame that claims 2^40 bytes.
  server.feed(Bytes{0x82, 0xFF, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4});
  EXPECT_EQ(std::get<Failure>(*server.next()).code, close_code::message_too_big);
}

TEST(Rfc6455_5_5_1, CloseFrames) {
  FrameParser server;
  server.feed(masked(Opcode::close, as_string_view(close_payload(1000, "bye"))));
  server.feed(masked(Opcode::close, ""));
  const Close c = expect_event<Close>(server);
  EXPECT_EQ(c.info.code, 1000);
  EXPECT_EQ(c.info.reason, "bye");
  EXPECT_EQ(expect_event<Close>(server).info.code, close_code::no_status);  // §7.1.5
}

TEST(Rfc6455_5_5_1, LongCloseReasonIsCutAtACodePoint) {
  std::string reason;
  for (int i = 0; i < 100; ++i) reason += "\xc3\xa9";  // é, two bytes each
  const Bytes p = close_payload(1001, reason);
  EXPECT_LE(p.size(), kMaxControlPayload);
  EXPECT_TRUE(is_valid_utf8(as_string_view(BytesView(p).subspan(2))));
  EXPECT_TRUE(parse_close_payload(p).info.has_value());
}

TEST(Rfc6455_7_4, WireCloseCodes) {
  for (std::uint16_t ok : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999}) {
    EXPECT_TRUE(is_valid_wire_close_code(ok)) << ok;
  }
  for (std::uint16_t bad : {0, 999, 1004, 1005, 1006, 1015, 1100, 2999, 5000}) {
    EXPECT_FALSE(is_valid_wire_close_code(bad)) << bad;
  }
}

}  // namespace
}  // namespace rtc::signaling::ws
