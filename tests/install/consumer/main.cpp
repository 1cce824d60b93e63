// Parses a minimal SDP through the installed rtc::sdp and prints its session name.
#include <iostream>

#include "rtc/sdp/parser.hpp"

int main() {
  auto session = rtc::sdp::parse(
      "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=consumer\r\nt=0 0\r\n"
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\n");
  if (!session) {
    std::cerr << session.error().to_string() << "\n";
    return 1;
  }
  std::cout << session->session_name << "\n";
  return session->session_name == "consumer" ? 0 : 1;
}
