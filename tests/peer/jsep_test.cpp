// JSEP (RFC 9429) as PeerConnection applies it: signaling states, what offers and answers
// contain, and the errors for calls out of order.
#include <gtest/gtest.h>

#include "peer_harness.hpp"
#include "rtc/sdp/parser.hpp"

namespace rtc::peer {
namespace {

using testing::Harness;

TEST(Jsep, Rfc9429_5_2_1_OfferHasDataSectionAndTransport) {
  Harness h;
  ASSERT_TRUE(h.a.pc->create_data_channel(h.clock.now(), "chat"));
  auto offer = h.a.pc->create_offer();
  ASSERT_TRUE(offer);
  auto sdp = sdp::parse(offer->sdp);
  ASSERT_TRUE(sdp) << sdp.error().to_string();
  ASSERT_EQ(sdp->media.size(), 1u);
  EXPECT_EQ(sdp->media[0].type, "application");
  EXPECT_NE(offer->sdp.find("a=setup:actpass"), std::string::npos);
  EXPECT_NE(offer->sdp.find("a=fingerprint:sha-256 "), std::string::npos);
  EXPECT_NE(offer->sdp.find("a=group:BUNDLE 0"), std::string::npos);
}

TEST(Jsep, NothingToOffer) {
  Harness h;
  auto offer = h.a.pc->create_offer();
  ASSERT_FALSE(offer);
  EXPECT_EQ(offer.error().code, Errc::state);
}

TEST(Jsep, W3c_SignalingStates) {
  Harness h;
  ASSERT_TRUE(h.a.pc->create_data_channel(h.clock.now(), "chat"));
  EXPECT_EQ(h.a.pc->signaling_state(), SignalingState::stable);
  auto offer = h.a.pc->create_offer();
  ASSERT_TRUE(h.a.pc->set_local_description(h.clock.now(), *offer));
  EXPECT_EQ(h.a.pc->signaling_state(), SignalingState::have_local_offer);
  // An answer cannot be created without a remote offer; a second local offer is refused.
  EXPECT_FALSE(h.a.pc->create_answer());
  ASSERT_TRUE(h.b.pc->set_remote_description(h.clock.now(), *offer));
  EXPECT_EQ(h.b.pc->signaling_state(), SignalingState::have_remote_offer);
  auto answer = h.b.pc->create_answer();
  ASSERT_TRUE(answer);
  EXPECT_NE(answer->sdp.find("a=setup:active"), std::string::npos);
  ASSERT_TRUE(h.b.pc->set_local_description(h.clock.now(), *answer));
  EXPECT_EQ(h.b.pc->signaling_state(), SignalingState::stable);
  ASSERT_TRUE(h.a.pc->set_remote_description(h.clock.now(), *answer));
  EXPECT_EQ(h.a.pc->signaling_state(), SignalingState::stable);
}

TEST(Jsep, ModifiedOfferIsRefused) {
  Harness h;
  ASSERT_TRUE(h.a.pc->create_data_channel(h.clock.now(), "chat"));
  auto offer = h.a.pc->create_offer();
  offer->sdp += "a=x-extra\r\n";
  auto r = h.a.pc->set_local_description(h.clock.now(), *offer);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::invalid_argument);
}

TEST(Jsep, GarbageRemoteDescriptionIsAnError) {
  Harness h;
  for (const char* text :
       {"", "v=0\r\n", "hello", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"}) {
    auto r = h.b.pc->set_remote_description(h.clock.now(), {SdpType::offer, text});
    EXPECT_FALSE(r) << text;
    EXPECT_EQ(h.b.pc->signaling_state(), SignalingState::stable);
  }
  // An answer without an offer of ours.
  auto r = h.b.pc->set_remote_description(h.clock.now(), {SdpType::answer, "v=0\r\n"});
  EXPECT_FALSE(r);
}

TEST(Jsep, Rfc9429_5_3_1_AnswerMirrorsOfferedMedia) {
  Harness h;
  auto audio = h.a.pc->add_transceiver(MediaKind::audio);
  auto video = h.a.pc->add_transceiver(MediaKind::video);
  ASSERT_TRUE(audio && video);
  ASSERT_TRUE(h.a.pc->create_data_channel(h.clock.now(), "chat"));
  h.negotiate();
  auto answer = sdp::parse(h.b.pc->local_description()->sdp);
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->media.size(), 3u);
  EXPECT_EQ(answer->media[0].type, "audio");
  EXPECT_EQ(answer->media[1].type, "video");
  EXPECT_EQ(answer->media[2].type, "application");
  ASSERT_TRUE(h.a.pc->send_codec(*video));
  EXPECT_EQ(h.a.pc->send_codec(*video)->name, "VP8");
  ASSERT_TRUE(h.b.pc->send_codec(*audio));
  EXPECT_EQ(h.b.pc->send_codec(*audio)->name, "opus");
}

}  // namespace
}  // namespace rtc::peer
