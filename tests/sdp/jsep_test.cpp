// JSEP offers and answers (sdp/include/rtc/sdp/jsep.hpp, codecs.hpp): what we offer, how we
// answer the real browser offers of tests/sdp/corpus, and the negotiation rules underneath
// (H.264 profiles, rtx, directions, DTLS roles, BUNDLE).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "rtc/sdp/codecs.hpp"
#include "rtc/sdp/explain.hpp"
#include "rtc/sdp/jsep.hpp"
#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

#include "corpus.hpp"

namespace {

namespace fs = std::filesystem;
using rtc::sdp::test::read_file;
using namespace rtc::sdp;

SessionDescription corpus(std::string_view name) {
  const fs::path path = fs::path(RTC_TEST_DATA_DIR) / "sdp" / "corpus" / name;
  auto parsed = parse(read_file(path));
  EXPECT_TRUE(parsed) << name << ": " << (parsed ? "" : parsed.error().to_string());
  return parsed ? *parsed : SessionDescription{};
}

IceParameters local_ice() {
  return {"aB3d", "0123456789abcdefghijkl", true, false};
}

DtlsFingerprint local_fingerprint() {
  return {"sha-256",
          "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:"
          "77:88:99"};
}

AnswerOptions answer_options() {
  AnswerOptions o;
  o.session_id = "4242";
  o.ice = local_ice();
  o.fingerprint = local_fingerprint();
  return o;
}

OfferOptions offer_options() {
  OfferOptions o;
  o.session_id = "1234567890123456789";
  o.session_version = 2;
  o.ice = local_ice();
  o.fingerprint = local_fingerprint();
  auto audio = audio_transceiver("0");
  audio.send = SendStream{"stream", "audio-track", "cname1", 1111, std::nullopt};
  auto video = video_transceiver("1");
  video.send = SendStream{"stream", "video-track", "cname1", 2222, 3333};
  o.transceivers = {audio, video};
  o.data_channel = DataChannelOptions{};
  o.data_channel->mid = "2";
  return o;
}

std::vector<std::string> attribute_names(const MediaDescription& m) {
  std::vector<std::string> names;
  for (const auto& a : m.attributes) {
    std::string name(attribute_name(a));
    if (names.empty() || names.back() != name) names.push_back(name);  // collapse repeats
  }
  return names;
}

const Codec* codec_with_pt(const std::vector<Codec>& codecs, std::uint8_t pt) {
  for (const auto& c : codecs) {
    if (c.payload_type == pt) return &c;
  }
  return nullptr;
}

std::vector<std::uint8_t> payload_types(const MediaDescription& m) {
  std::vector<std::uint8_t> out;
  for (const auto& c : codecs_of(m)) out.push_back(c.payload_type);
  return out;
}

const Group* bundle_of(const SessionDescription& s) {
  for (const Group* g : s.find_all<Group>()) {
    if (g->semantics == "BUNDLE") return g;
  }
  return nullptr;
}

// Serializes, parses back, and checks that the text is what a browser accepts: it parses, it
// equals the model, every line is explained.
void expect_valid_text(const SessionDescription& s) {
  const std::string text = serialize(s);
  auto back = parse(text, {.strict = true});
  ASSERT_TRUE(back) << back.error().to_string() << "\n" << text;
  EXPECT_EQ(*back, s) << text;
  for (const auto& l : explain(text)) EXPECT_TRUE(l.recognized) << l.text << " -> " << l.meaning;
}

// ---------------------------------------------------------------------------------------------
// Offers

TEST(Rfc9429_5_2_1, OfferHasWhatItShould) {
  auto offer = create_offer(offer_options());
  ASSERT_TRUE(offer) << offer.error().to_string();
  expect_valid_text(*offer);
  const SessionDescription& s = *offer;
  EXPECT_EQ(s.origin.session_id, "1234567890123456789");
  EXPECT_EQ(s.origin.session_version, 2u);
  EXPECT_EQ(s.session_name, "-");
  ASSERT_NE(bundle_of(s), nullptr);
  EXPECT_EQ(bundle_of(s)->mids, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_TRUE(s.has<ExtmapAllowMixed>());
  ASSERT_NE(s.find<MsidSemantic>(), nullptr);
  EXPECT_EQ(s.find<MsidSemantic>()->ids, std::vector<std::string>{"stream"});

  ASSERT_EQ(s.media.size(), 3u);
  for (const auto& m : s.media) {
    EXPECT_EQ(m.port, 9);
    ASSERT_NE(m.find<IceUfrag>(), nullptr);
    EXPECT_EQ(m.find<IceUfrag>()->value, "aB3d");
    ASSERT_NE(m.find<rtc::sdp::Setup>(), nullptr);
    EXPECT_EQ(m.find<rtc::sdp::Setup>()->role, "actpass");
    ASSERT_NE(m.find<Fingerprint>(), nullptr);
    ASSERT_NE(m.find<IceOptions>(), nullptr);
    EXPECT_EQ(m.find<IceOptions>()->options, std::vector<std::string>{"trickle"});
  }
  const MediaDescription& audio = s.media[0];
  EXPECT_EQ(audio.type, "audio");
  EXPECT_EQ(audio.protocol, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(audio.mid(), "0");
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"111", "0", "8", "110", "126"}));
  ASSERT_NE(audio.fmtp(111), nullptr);
  EXPECT_EQ(audio.fmtp(111)->parameters, "minptime=10;useinbandfec=1");
  EXPECT_EQ(audio.rtpmap(111)->channels, 2u);
  EXPECT_TRUE(audio.has<RtcpMux>());
  EXPECT_TRUE(audio.has<RtcpRsize>());
  EXPECT_EQ(audio.find<Msid>()->stream_id, "stream");
  EXPECT_EQ(header_extensions_of(audio).size(), 4u);

  const MediaDescription& video = s.media[1];
  const auto codecs = codecs_of(video);
  ASSERT_EQ(codecs.size(), 10u);
  EXPECT_EQ(codecs[0].name, "VP8");
  EXPECT_EQ(codecs[1].name, "rtx");
  EXPECT_EQ(codecs[1].parameter("apt"), "96");
  EXPECT_EQ(codecs[2].parameter("profile-id"), "0");
  EXPECT_EQ(codecs[4].parameter("profile-level-id"), "42e01f");
  EXPECT_EQ(codecs[4].parameter("packetization-mode"), "1");
  EXPECT_EQ(codecs[4].parameter("level-asymmetry-allowed"), "1");
  EXPECT_EQ(codecs[6].parameter("profile-level-id"), "42001f");
  EXPECT_EQ(codecs[8].name, "AV1");
  EXPECT_EQ(codecs[8].parameter("profile"), "0");
  for (std::size_t i = 0; i < codecs.size(); i += 2) {
    EXPECT_EQ(codecs[i].feedback.size(), 5u) << codecs[i].name;
    EXPECT_NE(std::find(codecs[i].feedback.begin(), codecs[i].feedback.end(),
                        RtcpFeedback{"nack", "pli"}),
              codecs[i].feedback.end());
    EXPECT_EQ(codecs[i + 1].parameter("apt"), std::to_string(codecs[i].payload_type));
  }
  const auto fid = video.find<SsrcGroup>();
  ASSERT_NE(fid, nullptr);
  EXPECT_EQ(fid->ssrcs, (std::vector<std::uint32_t>{2222, 3333}));
  EXPECT_EQ(video.find_all<Ssrc>().size(), 4u);

  const MediaDescription& data = s.media[2];
  EXPECT_EQ(data.type, "application");
  EXPECT_EQ(data.protocol, "UDP/DTLS/SCTP");
  EXPECT_EQ(data.formats, std::vector<std::string>{"webrtc-datachannel"});
  EXPECT_EQ(data.find<SctpPort>()->port, 5000);
  EXPECT_EQ(data.find<MaxMessageSize>()->bytes, 262144u);
  EXPECT_FALSE(data.has<Rtcp>());
}

// RFC 9429 §5.2.1 lists what an m-section holds; the order here is Chromium's, so that a
// student can put our offer and Chromium's side by side.
TEST(Rfc9429_5_2_1, OfferAttributeOrderFollowsChromium) {
  auto offer = create_offer(offer_options());
  ASSERT_TRUE(offer);
  EXPECT_EQ(
      attribute_names(offer->media[1]),
      (std::vector<std::string>{
          "rtcp",   "ice-ufrag",  "ice-pwd", "ice-options", "fingerprint", "setup",  "mid",
          "extmap", "sendrecv",   "msid",    "rtcp-mux",    "rtcp-rsize",  "rtpmap", "rtcp-fb",
          "rtpmap", "fmtp",       "rtpmap",  "rtcp-fb",     "fmtp",        "rtpmap", "fmtp",
          "rtpmap", "rtcp-fb",    "fmtp",    "rtpmap",      "fmtp",        "rtpmap", "rtcp-fb",
          "fmtp",   "rtpmap",     "fmtp",    "rtpmap",      "rtcp-fb",     "fmtp",   "rtpmap",
          "fmtp",   "ssrc-group", "ssrc"}));
  // Around the codecs (Chromium offers more of them), the audio section is Chromium's.
  const auto chromium = corpus("chromium/audio-offer.sdp");
  auto without_codecs = [](std::vector<std::string> names) {
    std::erase_if(names, [](const std::string& n) {
      return n == "rtpmap" || n == "rtcp-fb" || n == "fmtp" || n == "candidate" ||
             n == "rtcp-xr";  // Chromium also asks for RTCP XR; we do not
    });
    return names;
  };
  EXPECT_EQ(without_codecs(attribute_names(offer->media[0])),
            without_codecs(attribute_names(chromium.media[0])));
  EXPECT_EQ(attribute_names(offer->media[2]),
            (std::vector<std::string>{"ice-ufrag", "ice-pwd", "ice-options", "fingerprint", "setup",
                                      "mid", "sctp-port", "max-message-size"}));
}

TEST(Rfc9429_5_2_1, OfferRejectsBrokenOptions) {
  auto expect_invalid = [](OfferOptions o, std::string_view why) {
    auto r = create_offer(o);
    ASSERT_FALSE(r) << why;
    EXPECT_EQ(r.error().code, rtc::Errc::invalid_argument) << why;
  };
  auto o = offer_options();
  o.transceivers[1].mid = "0";
  expect_invalid(o, "duplicate mid");
  o = offer_options();
  o.transceivers[0].mid = "a b";
  expect_invalid(o, "mid is not a token");
  o = offer_options();
  o.ice.ufrag = "abc";
  expect_invalid(o, "ufrag too short (RFC 8839 §5.4)");
  o = offer_options();
  o.ice.pwd = "short";
  expect_invalid(o, "pwd too short");
  o = offer_options();
  o.fingerprint.value.clear();
  expect_invalid(o, "no fingerprint");
  o = offer_options();
  o.transceivers[0].codecs[0].payload_type = 72;
  expect_invalid(o, "PT 72 collides with RTCP under rtcp-mux (RFC 5761 §4)");
  o = offer_options();
  o.transceivers[1].codecs.erase(o.transceivers[1].codecs.begin());  // VP8 gone, rtx apt=96 left
  expect_invalid(o, "rtx without its codec");
  o = offer_options();
  o.transceivers[0].header_extensions[0].id = 0;
  expect_invalid(o, "extmap id 0");
  o = offer_options();
  o.transceivers[1].codecs[0].payload_type = 111;  // VP8 on opus's number, in one BUNDLE
  expect_invalid(o, "PT means two codecs in a BUNDLE group (RFC 8843 §9.1.1)");
  o = offer_options();
  o.transceivers[1].header_extensions[0].id = 1;  // abs-send-time on audio-level's id
  expect_invalid(o, "extmap id means two URIs in a BUNDLE group");
  o = offer_options();
  o.transceivers.clear();
  o.data_channel.reset();
  expect_invalid(o, "nothing to offer");
}

TEST(Rfc9429_5_2_1, DataChannelPositionAndNoBundle) {
  auto o = offer_options();
  o.data_channel->position = 0;
  o.bundle = false;
  o.extmap_allow_mixed = false;
  o.msid_semantic = false;
  auto offer = create_offer(o);
  ASSERT_TRUE(offer);
  expect_valid_text(*offer);
  EXPECT_EQ(offer->media[0].type, "application");
  EXPECT_EQ(offer->media[1].type, "audio");
  EXPECT_EQ(bundle_of(*offer), nullptr);
  EXPECT_FALSE(offer->has<ExtmapAllowMixed>());
  EXPECT_FALSE(offer->has<MsidSemantic>());
}

TEST(Rfc8840, OfferCandidatesAndEndOfCandidates) {
  auto o = offer_options();
  auto host = parse_candidate("candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host");
  auto mdns = parse_candidate(
      "candidate:2 1 udp 2122260222 2c0f4a8e-47c3-4d7a-8a0a-3f1b9e1c2d3e.local 50001 typ host");
  ASSERT_TRUE(host && mdns);
  o.candidates = {*mdns, *host};
  o.end_of_candidates = true;
  auto offer = create_offer(o);
  ASSERT_TRUE(offer);
  expect_valid_text(*offer);
  // With BUNDLE the candidates go in the first m-section only (RFC 8843 §7.2).
  EXPECT_EQ(offer->media[0].find_all<Candidate>().size(), 2u);
  EXPECT_TRUE(offer->media[0].has<EndOfCandidates>());
  EXPECT_TRUE(offer->media[1].find_all<Candidate>().empty());
  EXPECT_FALSE(offer->media[1].has<EndOfCandidates>());
  // The default candidate is the first that is not an mDNS name (RFC 8839 §4.2.1.2).
  EXPECT_EQ(offer->media[0].port, 50000);
  EXPECT_EQ(offer->media[0].connections.at(0).address, "192.0.2.10");
  EXPECT_EQ(offer->media[1].port, 9);
}

TEST(Rfc8853_5_1, OfferWithSimulcastLayers) {
  auto o = offer_options();
  o.transceivers[1].direction = MediaDirection::sendonly;
  o.transceivers[1].send->ssrc.reset();
  o.transceivers[1].send->rtx_ssrc.reset();
  o.transceivers[1].simulcast = {{"q", "max-width=320", false}, {"h", "", false}, {"f", "", true}};
  auto offer = create_offer(o);
  ASSERT_TRUE(offer) << offer.error().to_string();
  expect_valid_text(*offer);
  const auto& video = offer->media[1];
  const auto rids = video.find_all<Rid>();
  ASSERT_EQ(rids.size(), 3u);
  EXPECT_EQ(rids[0]->id, "q");
  EXPECT_EQ(rids[0]->direction, "send");
  EXPECT_EQ(rids[0]->params, "max-width=320");
  ASSERT_NE(video.find<Simulcast>(), nullptr);
  EXPECT_EQ(video.find<Simulcast>()->direction1, "send");
  EXPECT_EQ(video.find<Simulcast>()->list1, "q;h;~f");
  // The rid travels in the rtp-stream-id header extension (RFC 8852), added for us.
  const auto ext = header_extensions_of(video);
  EXPECT_TRUE(std::any_of(ext.begin(), ext.end(), [](const HeaderExtension& e) {
    return e.uri == extension_uri::kRtpStreamId;
  }));
  EXPECT_TRUE(std::any_of(ext.begin(), ext.end(), [](const HeaderExtension& e) {
    return e.uri == extension_uri::kRepairedRtpStreamId;
  }));
  EXPECT_FALSE(video.has<Ssrc>());
}

// ---------------------------------------------------------------------------------------------
// Answers to the browsers' offers

TEST(Rfc9429_5_3_1, AnswersEveryBrowserOffer) {
  const char* offers[] = {
      "chromium/audio-offer.sdp",
      "chromium/video-offer.sdp",
      "chromium/audio-video-data-offer.sdp",
      "chromium/data-offer.sdp",
      "chromium/trickle-offer.sdp",
      "chromium/simulcast-offer.sdp",
      "chromium/mdns-offer.sdp",
      "chromium/ice-restart-offer.sdp",
      "firefox/audio-offer.sdp",
      "firefox/video-offer.sdp",
      "firefox/audio-video-data-offer.sdp",
      "firefox/data-offer.sdp",
      "firefox/trickle-offer.sdp",
      "firefox/simulcast-offer.sdp",
      "firefox/mdns-offer.sdp",
      "firefox/ice-restart-offer.sdp",
      "handwritten/safari-offer.sdp",
  };
  for (const char* name : offers) {
    SCOPED_TRACE(name);
    const auto offer = corpus(name);
    auto answer = create_answer(offer, answer_options());
    ASSERT_TRUE(answer) << answer.error().to_string();
    const SessionDescription& s = answer->description;
    expect_valid_text(s);
    ASSERT_EQ(s.media.size(), offer.media.size());
    ASSERT_EQ(answer->media.size(), offer.media.size());
    EXPECT_EQ(answer->setup, "active");
    EXPECT_TRUE(answer->remote_trickle);
    std::vector<std::string> accepted;
    for (std::size_t i = 0; i < s.media.size(); ++i) {
      const auto& a = s.media[i];
      const auto& o = offer.media[i];
      EXPECT_EQ(a.type, o.type);
      EXPECT_EQ(a.mid(), o.mid());  // RFC 9429 §5.3.1: same order, same mids
      EXPECT_EQ(a.protocol, o.protocol);
      ASSERT_TRUE(answer->media[i].accepted) << "every browser m-section is acceptable";
      accepted.emplace_back(*a.mid());
      EXPECT_NE(a.port, 0);
      EXPECT_EQ(a.find<rtc::sdp::Setup>()->role, "active");  // RFC 5763 §5: the answerer is active
      EXPECT_EQ(a.find<IceUfrag>()->value, "aB3d");
      EXPECT_EQ(answer->media[i].remote_ice_ufrag,
                (o.find<IceUfrag>() ? o.find<IceUfrag>() : offer.find<IceUfrag>())->value);
      ASSERT_TRUE(answer->media[i].remote_fingerprint);
      if (o.type == "application") {
        EXPECT_EQ(a.find<SctpPort>()->port, 5000);
        continue;
      }
      EXPECT_TRUE(a.has<RtcpMux>());
      // Every answered codec is an offered one, under the offer's number with the same name.
      const auto offered = codecs_of(o);
      const auto answered = codecs_of(a);
      ASSERT_FALSE(answered.empty());
      for (const auto& c : answered) {
        const Codec* same = codec_with_pt(offered, c.payload_type);
        ASSERT_NE(same, nullptr) << int(c.payload_type);
        EXPECT_TRUE(same->is(c.name)) << c.name;
      }
      // Neither RED nor ULPFEC unless we have them (so Chromium sends plain VP8).
      for (const auto& c : answered) {
        EXPECT_FALSE(c.is("red") || c.is("ulpfec")) << c.name;
      }
    }
    const Group* offered_bundle = bundle_of(offer);
    ASSERT_NE(offered_bundle, nullptr);
    ASSERT_NE(bundle_of(s), nullptr);
    EXPECT_EQ(bundle_of(s)->mids, offered_bundle->mids);
    EXPECT_EQ(answer->bundle, accepted);
  }
}

TEST(Rfc9429_5_3_1, AnswerReusesOfferPayloadTypes) {
  const auto offer = corpus("firefox/audio-video-data-offer.sdp");
  auto answer = create_answer(offer, answer_options());
  ASSERT_TRUE(answer);
  // Firefox numbers opus 109 and VP8 120 (rtx 124), not our 111 and 96.
  EXPECT_EQ(payload_types(answer->description.media[0]),
            (std::vector<std::uint8_t>{109, 0, 8, 101}));
  const auto video = codecs_of(answer->description.media[1]);
  ASSERT_GE(video.size(), 4u);
  EXPECT_EQ(video[0].payload_type, 120);
  EXPECT_EQ(video[0].name, "VP8");
  EXPECT_EQ(video[1].payload_type, 124);
  EXPECT_EQ(video[1].parameter("apt"), "120");
  EXPECT_EQ(video[2].payload_type, 121);
  EXPECT_EQ(video[2].name, "VP9");
  EXPECT_EQ(video[3].parameter("apt"), "121");
  // Our fmtp (what we receive) with the offer's numbers.
  EXPECT_EQ(codec_with_pt(codecs_of(answer->description.media[0]), 109)->fmtp,
            "minptime=10;useinbandfec=1");
  // Firefox's session-level direction and per-section extmap-allow-mixed are honoured.
  EXPECT_TRUE(answer->description.media[0].has<ExtmapAllowMixed>());
  EXPECT_FALSE(answer->description.has<ExtmapAllowMixed>());
  EXPECT_EQ(answer->media[2].remote_max_message_size, 1073741823u);
  EXPECT_EQ(answer->media[2].remote_sctp_port, 5000);
}

TEST(Rfc6184_8_2_2, AnswerToChromiumKeepsOnlyMatchingH264Profiles) {
  const auto offer = corpus("chromium/video-offer.sdp");
  auto options = answer_options();
  // We can do VP8 and H.264 Constrained Baseline in non-interleaved mode, each with rtx.
  auto defaults = default_video_codecs();
  options.video_codecs = {defaults[0], defaults[1], defaults[4], defaults[5]};
  auto answer = create_answer(offer, options);
  ASSERT_TRUE(answer);
  const auto codecs = codecs_of(answer->description.media[0]);
  std::vector<std::string> kept;
  for (const auto& c : codecs) kept.push_back(std::to_string(c.payload_type) + " " + c.name);
  // Chromium offers 96 VP8 (97 rtx), H.264 102 42001f/pm1, 104 42001f/pm0, 108 42e01f/pm1,
  // 114 42e01f/pm0, 116 4d001f/pm1, 39 4d001f/pm0, AV1, VP9, red, ulpfec. Only VP8 and the
  // Constrained Baseline, packetization-mode=1 H.264 match; each keeps its rtx.
  EXPECT_EQ(kept, (std::vector<std::string>{"96 VP8", "97 rtx", "108 H264", "109 rtx"}));
  const Codec* h264 = codec_with_pt(codecs, 108);
  ASSERT_NE(h264, nullptr);
  EXPECT_EQ(h264->parameter("profile-level-id"), "42e01f");
  EXPECT_EQ(h264->parameter("packetization-mode"), "1");
  EXPECT_EQ(codec_with_pt(codecs, 109)->parameter("apt"), "108");
  EXPECT_EQ(h264->feedback.size(), 5u);
}

TEST(Rfc6184_8_1, ProfileLevelIdParsing) {
  struct Case {
    std::string_view hex;
    H264Profile profile;
    std::uint8_t level;
  };
  const Case cases[] = {
      {"42e01f", H264Profile::constrained_baseline, 31},
      {"42E01F", H264Profile::constrained_baseline, 31},
      {"42c01f", H264Profile::constrained_baseline, 31},
      {"4de01f", H264Profile::constrained_baseline, 31},  // Main bytes with constraint_set1
      {"42001f", H264Profile::baseline, 31},
      {"42000a", H264Profile::baseline, 10},
      {"4d001f", H264Profile::main, 31},
      {"58001f", H264Profile::extended, 31},
      {"640032", H264Profile::high, 50},
      {"640c1f", H264Profile::constrained_high, 31},
      {"f4001f", H264Profile::high444_predictive, 31},
      {"42f00b", H264Profile::constrained_baseline, kH264Level1b},  // constraint_set3 + 11
      {"640009", H264Profile::high, kH264Level1b},
  };
  for (const Case& c : cases) {
    auto id = parse_h264_profile_level_id(c.hex);
    ASSERT_TRUE(id) << c.hex;
    EXPECT_EQ(id->profile, c.profile) << c.hex;
    EXPECT_EQ(id->level, c.level) << c.hex;
    // The canonical form parses back to the same profile and level.
    EXPECT_EQ(parse_h264_profile_level_id(to_string(*id)), id) << c.hex;
  }
  for (std::string_view bad : {"", "42e0", "42e01f0", "zz001f", "42e0ff", "99001f", "64ff1f"}) {
    EXPECT_FALSE(parse_h264_profile_level_id(bad)) << bad;
  }
  EXPECT_EQ(to_string(H264ProfileLevelId{H264Profile::constrained_baseline, 31}), "42e01f");
  EXPECT_EQ(to_string(H264ProfileLevelId{H264Profile::high, 52}), "640034");
  EXPECT_EQ(h264_level_name(31), "3.1");
  EXPECT_EQ(h264_level_name(50), "5");
  EXPECT_EQ(h264_level_name(kH264Level1b), "1b");
}

Codec h264(std::string fmtp) {
  return Codec{100, "H264", 90000, std::nullopt, std::move(fmtp), {}};
}

TEST(Rfc6184_8_2_2, H264ProfileMustMatch) {
  const Codec cb31 = h264("packetization-mode=1;profile-level-id=42e01f");
  EXPECT_TRUE(codecs_match(h264("packetization-mode=1;profile-level-id=42e01f"), cb31));
  // The level may differ: it is negotiated, not matched.
  EXPECT_TRUE(codecs_match(h264("packetization-mode=1;profile-level-id=42e034"), cb31));
  // Constrained Baseline written with Main's profile_idc is the same profile.
  EXPECT_TRUE(codecs_match(h264("packetization-mode=1;profile-level-id=4de01f"), cb31));
  // Baseline, Main and High are other profiles.
  EXPECT_FALSE(codecs_match(h264("packetization-mode=1;profile-level-id=42001f"), cb31));
  EXPECT_FALSE(codecs_match(h264("packetization-mode=1;profile-level-id=4d001f"), cb31));
  EXPECT_FALSE(codecs_match(h264("packetization-mode=1;profile-level-id=640032"), cb31));
  EXPECT_TRUE(codecs_match(h264("packetization-mode=1;profile-level-id=640c34"),
                           h264("packetization-mode=1;profile-level-id=640c1f")));
  // packetization-mode must be equal; absent means 0.
  EXPECT_FALSE(codecs_match(h264("packetization-mode=0;profile-level-id=42e01f"), cb31));
  EXPECT_TRUE(codecs_match(h264("profile-level-id=42e01f"),
                           h264("packetization-mode=0;profile-level-id=42e01f")));
  // No profile-level-id means 42000A, Baseline level 1.0.
  EXPECT_TRUE(codecs_match(h264("packetization-mode=1"),
                           h264("packetization-mode=1;profile-level-id=42001f")));
  // Names compare case-insensitively; clock rates must be equal.
  EXPECT_TRUE(
      codecs_match(Codec{96, "vp8", 90000, {}, "", {}}, Codec{1, "VP8", 90000, {}, "", {}}));
  EXPECT_FALSE(
      codecs_match(Codec{96, "VP8", 48000, {}, "", {}}, Codec{1, "VP8", 90000, {}, "", {}}));
  // Audio channels must be equal (absent = 1).
  EXPECT_FALSE(
      codecs_match(Codec{111, "opus", 48000, 1, "", {}}, Codec{1, "opus", 48000, 2, "", {}}));
  EXPECT_TRUE(codecs_match(Codec{0, "PCMU", 8000, 1, "", {}}, Codec{0, "PCMU", 8000, {}, "", {}}));
}

TEST(Rfc9628_6, Vp9ProfileMustMatch) {
  const Codec vp9_0{98, "VP9", 90000, {}, "profile-id=0", {}};
  EXPECT_TRUE(codecs_match(Codec{98, "VP9", 90000, {}, "", {}}, vp9_0));  // default 0
  EXPECT_FALSE(codecs_match(Codec{100, "VP9", 90000, {}, "profile-id=2", {}}, vp9_0));
}

TEST(Rfc6184_8_2_2, AnswerChoosesTheLevel) {
  const Codec local_asym =
      h264("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e034");
  // Both allow asymmetry: we state the level we can receive (5.2).
  Codec a = answer_codec(
      h264("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"), local_asym);
  EXPECT_EQ(a.parameter("profile-level-id"), "42e034");
  EXPECT_EQ(a.payload_type, 100);
  // Without asymmetry on the offer, the answer cannot go above the offered 3.1.
  a = answer_codec(h264("packetization-mode=1;profile-level-id=42e01f"), local_asym);
  EXPECT_EQ(a.parameter("profile-level-id"), "42e01f");
  // And a lower local level lowers the answer.
  a = answer_codec(h264("packetization-mode=1;profile-level-id=42e034"),
                   h264("packetization-mode=1;profile-level-id=42e00d"));
  EXPECT_EQ(a.parameter("profile-level-id"), "42e00d");
}

TEST(Rfc4588_8_1, RtxIsKeptOnlyWithItsCodec) {
  const std::vector<Codec> offered = {
      {96, "VP8", 90000, {}, "", {}},
      {97, "rtx", 90000, {}, "apt=96", {}},
      {98, "VP9", 90000, {}, "profile-id=0", {}},
      {99, "rtx", 90000, {}, "apt=98", {}},
  };
  const std::vector<Codec> local = {{1, "VP9", 90000, {}, "profile-id=0", {}},
                                    {2, "rtx", 90000, {}, "apt=1", {}}};
  const auto result = negotiate_codecs(offered, local);
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[0].payload_type, 98);
  EXPECT_EQ(result[1].payload_type, 99);
  EXPECT_EQ(result[1].fmtp, "apt=98");  // the offer's numbers
  // Without rtx locally, no rtx at all.
  EXPECT_EQ(negotiate_codecs(offered, {local[0]}).size(), 1u);
}

TEST(Rfc2198_5, RedIsKeptOnlyWhenSupportedWithItsCodecs) {
  const auto offer = corpus("chromium/audio-offer.sdp");
  auto answer = create_answer(offer, answer_options());
  ASSERT_TRUE(answer);
  EXPECT_EQ(payload_types(answer->description.media[0]),
            (std::vector<std::uint8_t>{111, 0, 8, 110, 126}));
  auto options = answer_options();
  options.audio_codecs.push_back(Codec{63, "red", 48000, 2, "", {}});
  answer = create_answer(offer, options);
  ASSERT_TRUE(answer);
  const auto codecs = codecs_of(answer->description.media[0]);
  const Codec* red = codec_with_pt(codecs, 63);
  ASSERT_NE(red, nullptr);
  EXPECT_EQ(red->fmtp, "111/111");
}

TEST(Rfc8285_6, HeaderExtensionsKeepTheOfferIds) {
  const auto offer = corpus("chromium/video-offer.sdp");
  auto answer = create_answer(offer, answer_options());
  ASSERT_TRUE(answer);
  const auto ext = header_extensions_of(answer->description.media[0]);
  std::vector<std::string> got;
  for (const auto& e : ext) got.push_back(std::to_string(e.id) + " " + e.uri);
  // The offer's ids for the three we know, in the offer's order; toffset and the rest dropped.
  const auto offered = header_extensions_of(offer.media[0]);
  std::vector<std::string> expected;
  for (const auto& e : offered) {
    if (e.uri == extension_uri::kAbsSendTime || e.uri == extension_uri::kTransportWideCc ||
        e.uri == extension_uri::kSdesMid) {
      expected.push_back(std::to_string(e.id) + " " + e.uri);
    }
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(got.size(), 3u);
  // A direction is seen from the answerer: Firefox receives playout-delay only, so we only send.
  const auto firefox = corpus("firefox/video-offer.sdp");
  auto options = answer_options();
  options.video_header_extensions.push_back(
      {9, "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", std::nullopt});
  auto ff = create_answer(firefox, options);
  ASSERT_TRUE(ff);
  bool found = false;
  for (const auto& e : header_extensions_of(ff->description.media[0])) {
    if (e.uri.ends_with("playout-delay")) {
      found = true;
      EXPECT_EQ(e.direction, MediaDirection::sendonly);
    }
  }
  EXPECT_TRUE(found);
}

TEST(Rfc3264_6_1, DirectionTable) {
  using D = MediaDirection;
  struct Row {
    D offered, wanted, answered;
  };
  const Row table[] = {
      {D::sendrecv, D::sendrecv, D::sendrecv}, {D::sendrecv, D::sendonly, D::sendonly},
      {D::sendrecv, D::recvonly, D::recvonly}, {D::sendrecv, D::inactive, D::inactive},
      {D::sendonly, D::sendrecv, D::recvonly}, {D::sendonly, D::sendonly, D::inactive},
      {D::sendonly, D::recvonly, D::recvonly}, {D::sendonly, D::inactive, D::inactive},
      {D::recvonly, D::sendrecv, D::sendonly}, {D::recvonly, D::sendonly, D::sendonly},
      {D::recvonly, D::recvonly, D::inactive}, {D::recvonly, D::inactive, D::inactive},
      {D::inactive, D::sendrecv, D::inactive}, {D::inactive, D::sendonly, D::inactive},
      {D::inactive, D::recvonly, D::inactive}, {D::inactive, D::inactive, D::inactive},
  };
  for (const Row& r : table) {
    EXPECT_EQ(answer_direction(r.offered, r.wanted), r.answered)
        << to_string(r.offered) << " + " << to_string(r.wanted);
  }
}

TEST(Rfc3264_6_1, AnswerDirections) {
  // Chromium offers sendrecv; we want to receive only.
  auto options = answer_options();
  options.audio = MediaDirection::recvonly;
  auto answer = create_answer(corpus("chromium/audio-offer.sdp"), options);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[0].direction(), MediaDirection::recvonly);
  // Chromium's simulcast offer is sendonly: we can only receive.
  answer = create_answer(corpus("chromium/simulcast-offer.sdp"), answer_options());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[0].direction(), MediaDirection::recvonly);
  // A recvonly offer gets sendonly with our track, and our msid and SSRCs.
  auto o = offer_options();
  o.transceivers[0].direction = MediaDirection::recvonly;
  o.transceivers[1].direction = MediaDirection::inactive;
  auto offer = create_offer(o);
  ASSERT_TRUE(offer);
  options = answer_options();
  options.media = {{"0", false, std::nullopt, SendStream{"s", "t", "me", 42, std::nullopt}}};
  answer = create_answer(*offer, options);
  ASSERT_TRUE(answer);
  const auto& audio = answer->description.media[0];
  EXPECT_EQ(audio.direction(), MediaDirection::sendonly);
  ASSERT_NE(audio.find<Msid>(), nullptr);
  EXPECT_EQ(audio.find<Msid>()->track_id, "t");
  EXPECT_EQ(audio.find_all<Ssrc>().size(), 2u);
  EXPECT_EQ(answer->description.find<MsidSemantic>()->ids, std::vector<std::string>{"s"});
  EXPECT_EQ(answer->description.media[1].direction(), MediaDirection::inactive);
  expect_valid_text(answer->description);
}

TEST(Rfc3264_6, RejectsWhatWeDoNotSupport) {
  const auto offer = corpus("chromium/audio-video-data-offer.sdp");
  auto options = answer_options();
  options.video.reset();         // no video at all
  options.data_channel.reset();  // no data channels
  auto answer = create_answer(offer, options);
  ASSERT_TRUE(answer);
  const auto& s = answer->description;
  expect_valid_text(s);
  ASSERT_EQ(s.media.size(), 3u);
  EXPECT_NE(s.media[0].port, 0);
  for (std::size_t i : {1u, 2u}) {
    EXPECT_EQ(s.media[i].port, 0) << i;
    EXPECT_EQ(s.media[i].mid(), offer.media[i].mid());
    EXPECT_EQ(s.media[i].formats, offer.media[i].formats);
    EXPECT_FALSE(answer->media[i].accepted);
    EXPECT_TRUE(s.media[i].find_all<Candidate>().empty());
  }
  // Rejected m-sections leave the BUNDLE group (RFC 8843 §7.3.3).
  EXPECT_EQ(bundle_of(s)->mids, std::vector<std::string>{"0"});
  // Per mid, too.
  options = answer_options();
  options.media = {{"0", true, std::nullopt, std::nullopt}};
  answer = create_answer(offer, options);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[0].port, 0);
  EXPECT_EQ(answer->bundle, (std::vector<std::string>{"1", "2"}));
  // No codec in common: rejected.
  options = answer_options();
  options.audio_codecs = {Codec{0, "G729", 8000, std::nullopt, "", {}}};
  answer = create_answer(offer, options);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[0].port, 0);
}

TEST(Rfc3264_6, PortZeroInTheOfferStaysRejected) {
  auto offer = corpus("chromium/audio-video-data-offer.sdp");
  offer.media[1].port = 0;
  auto answer = create_answer(offer, answer_options());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[1].port, 0);
  // ... unless it is bundle-only (RFC 8843 §6).
  offer.media[1].add(BundleOnly{});
  answer = create_answer(offer, answer_options());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[1].port, 9);
  EXPECT_FALSE(answer->description.media[1].has<BundleOnly>());
}

TEST(Rfc8842_5_3, DtlsRoles) {
  EXPECT_EQ(answer_setup("actpass", "active"), "active");
  EXPECT_EQ(answer_setup("actpass", "passive"), "passive");
  EXPECT_EQ(answer_setup("active", "active"), "passive");
  EXPECT_EQ(answer_setup("passive", "passive"), "active");
  EXPECT_EQ(answer_setup(std::nullopt, "active"), "passive");  // RFC 4145 §4: absent = active

  auto offer = corpus("chromium/audio-offer.sdp");
  offer.media[0].find<rtc::sdp::Setup>()->role = "active";
  auto answer = create_answer(offer, answer_options());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->setup, "passive");
  EXPECT_EQ(answer->description.media[0].find<rtc::sdp::Setup>()->role, "passive");
  auto options = answer_options();
  options.setup = "passive";
  answer = create_answer(corpus("firefox/audio-offer.sdp"), options);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->setup, "passive");
}

TEST(Rfc8839_5_3, IceLite) {
  // Our answer as a lite agent (a server): a=ice-lite, and all candidates at once.
  auto options = answer_options();
  options.ice.lite = true;
  auto host = parse_candidate("candidate:1 1 udp 2130706431 198.51.100.5 40000 typ host");
  ASSERT_TRUE(host);
  options.candidates = {*host};
  auto answer = create_answer(corpus("chromium/audio-video-data-offer.sdp"), options);
  ASSERT_TRUE(answer);
  const auto& s = answer->description;
  expect_valid_text(s);
  EXPECT_TRUE(s.has<IceLite>());
  // Candidates in the BUNDLE tag only, with end-of-candidates (RFC 8840 §8.2).
  EXPECT_EQ(s.media[0].find_all<Candidate>().size(), 1u);
  EXPECT_TRUE(s.media[0].has<EndOfCandidates>());
  EXPECT_EQ(s.media[0].port, 40000);
  EXPECT_TRUE(s.media[1].find_all<Candidate>().empty());
  // A lite peer: we must control (RFC 8445 §6.1.1); its setup:active makes us passive.
  auto lite_peer = create_answer(corpus("handwritten/ice-lite-sfu-answer.sdp"), answer_options());
  ASSERT_TRUE(lite_peer) << lite_peer.error().to_string();
  EXPECT_TRUE(lite_peer->remote_ice_lite);
  EXPECT_TRUE(lite_peer->remote_end_of_candidates);
  EXPECT_EQ(lite_peer->setup, "passive");
}

TEST(Rfc8853_5_3, AcceptSimulcastAnswersRecv) {
  const auto offer = corpus("chromium/simulcast-offer.sdp");
  auto options = answer_options();
  options.accept_simulcast = true;
  options.video_header_extensions.push_back(
      {10, std::string(extension_uri::kRtpStreamId), std::nullopt});
  auto answer = create_answer(offer, options);
  ASSERT_TRUE(answer);
  expect_valid_text(answer->description);
  const auto& video = answer->description.media[0];
  const auto rids = video.find_all<Rid>();
  ASSERT_EQ(rids.size(), 3u);
  EXPECT_EQ(rids[0]->id, "q");
  EXPECT_EQ(rids[0]->direction, "recv");
  ASSERT_NE(video.find<Simulcast>(), nullptr);
  EXPECT_EQ(video.find<Simulcast>()->direction1, "recv");
  EXPECT_EQ(video.find<Simulcast>()->list1, "q;h;f");
  EXPECT_EQ(answer->media[0].receive_rids, (std::vector<std::string>{"q", "h", "f"}));
  // Without accept_simulcast (what browsers do), no rid or simulcast lines.
  answer = create_answer(offer, answer_options());
  ASSERT_TRUE(answer);
  EXPECT_FALSE(answer->description.media[0].has<Simulcast>());
}

TEST(Rfc9429_5_8, AnswerFailsOnUnusableOffers) {
  auto offer = corpus("chromium/audio-offer.sdp");
  offer.media[0].remove_all<Mid>();
  auto answer = create_answer(offer, answer_options());
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, rtc::Errc::malformed);

  offer = corpus("chromium/audio-offer.sdp");
  offer.media[0].remove_all<Fingerprint>();
  EXPECT_FALSE(create_answer(offer, answer_options()));

  offer = corpus("chromium/audio-offer.sdp");
  offer.media[0].remove_all<IcePwd>();
  EXPECT_FALSE(create_answer(offer, answer_options()));

  auto bad_options = answer_options();
  bad_options.ice.pwd = "x";
  EXPECT_FALSE(create_answer(corpus("chromium/audio-offer.sdp"), bad_options));
}

// What Chromium answered to Firefox's offer is what we answer too, as far as the shape goes:
// same mids, same BUNDLE group, active, and our codecs are a subset of Chromium's.
TEST(Interop, AnswerToFirefoxHasChromiumsShape) {
  const auto offer = corpus("firefox/audio-video-data-offer.sdp");
  const auto chromium = corpus("chromium/answer-to-firefox.sdp");
  auto answer = create_answer(offer, answer_options());
  ASSERT_TRUE(answer);
  const auto& ours = answer->description;
  ASSERT_EQ(ours.media.size(), chromium.media.size());
  EXPECT_EQ(bundle_of(ours)->mids, bundle_of(chromium)->mids);
  for (std::size_t i = 0; i < ours.media.size(); ++i) {
    EXPECT_EQ(ours.media[i].mid(), chromium.media[i].mid());
    EXPECT_EQ(ours.media[i].find<rtc::sdp::Setup>()->role,
              chromium.media[i].find<rtc::sdp::Setup>()->role);
    if (ours.media[i].type == "application") continue;
    EXPECT_EQ(ours.media[i].direction(), chromium.media[i].direction());
    const auto theirs = payload_types(chromium.media[i]);
    for (auto pt : payload_types(ours.media[i])) {
      EXPECT_NE(std::find(theirs.begin(), theirs.end(), pt), theirs.end()) << int(pt);
    }
  }
}

// Our offer answered by our own answerer: everything accepted, codecs intersect to ours.
TEST(Rfc9429_5_3_1, OurOfferAnsweredByOurselves) {
  auto offer = create_offer(offer_options());
  ASSERT_TRUE(offer);
  auto answer = create_answer(*offer, answer_options());
  ASSERT_TRUE(answer) << answer.error().to_string();
  expect_valid_text(answer->description);
  for (const auto& m : answer->media) EXPECT_TRUE(m.accepted) << m.mid;
  EXPECT_EQ(payload_types(answer->description.media[0]), payload_types(offer->media[0]));
  EXPECT_EQ(payload_types(answer->description.media[1]), payload_types(offer->media[1]));
  EXPECT_EQ(answer->setup, "active");
  EXPECT_EQ(answer->bundle, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(Jsep, GeneratedCredentials) {
  rtc::SeededRandom random(7);
  const auto ice = generate_ice_parameters(random);
  EXPECT_TRUE(validate_ice_parameters(ice));
  const auto id = generate_session_id(random);
  EXPECT_FALSE(id.empty());
  EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }));
  EXPECT_LE(id.size(), 19u);  // below 2^63
}

}  // namespace
