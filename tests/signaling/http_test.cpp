// RFC 9112: the request-head parser and its limits; the static file helpers.
#include "rtc/signaling/http.hpp"

#include <gtest/gtest.h>

namespace rtc::signaling::http {
namespace {

TEST(Rfc9112_3, ParsesARequestHead) {
  auto r = parse_request_head(
      "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n"
      "Connection:  keep-alive ,Upgrade \r\n\r\n");
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->path(), "/socket.io/");
  EXPECT_EQ(r->query_param("EIO"), "4");
  EXPECT_EQ(r->query_param("transport"), "websocket");
  EXPECT_FALSE(r->query_param("sid").has_value());
  EXPECT_EQ(*r->get("x-empty"), "");
  EXPECT_TRUE(r->has_token("connection", "upgrade"));
  EXPECT_FALSE(r->has_token("connection", "close"));
}

TEST(Rfc9112_2_2, RejectsMalformedHeads) {
  for (std::string_view bad : {
           "GET / HTTP/1.1\nHost: a\r\n\r\n",            // bare LF
           "GET /  HTTP/1.1\r\n\r\n",                    // two spaces
           "GET / HTTP/2.0\r\n\r\n",                     // not 1.x
           "GET http://x/ HTTP/1.1\r\n\r\n",             // absolute-form
           "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",      // space in name
           "GET / HTTP/1.1\r\nName : x\r\n\r\n",         // space before colon (§5.1)
           "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",  // obs-fold (§5.2)
           "GET / HTTP/1.1\r\nNoColon\r\n\r\n", "GET / HTTP/1.1\r\nA: \x01\r\n\r\n",
           "GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n",  // no bodies
       }) {
    EXPECT_FALSE(parse_request_head(bad).has_value()) << testing::PrintToString(bad);
  }
}

TEST(Rfc9112_Limits, HeadSizeAndHeaderCount) {
  RequestParser p({.max_head_bytes = 64, .max_headers = 2});
  auto r = p.feed(as_bytes(std::string("GET / HTTP/1.1\r\nA: ") + std::string(80, 'a')));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(p.error_status(), 431);
  RequestParser q({.max_head_bytes = 1000, .max_headers = 2});
  auto s = q.feed(as_bytes("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"));
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(q.error_status(), 431);
}

TEST(Rfc9112_9_3, IncrementalAndPipelined) {
  RequestParser p;
  const std::string two = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\nXY";
  std::vector<std::string> paths;
  for (char c : two) {
    auto r = p.feed(as_bytes(std::string_view(&c, 1)));
    ASSERT_TRUE(r.has_value());
    if (*r) paths.push_back((*r)->target);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(p.take_rest(), "XY");
}

TEST(StaticFiles, SafePaths) {
  EXPECT_EQ(safe_relative_path("/"), "index.html");
  EXPECT_EQ(safe_relative_path("/app.js"), "app.js");
  EXPECT_EQ(safe_relative_path("/img/a%20b.png"), "img/a b.png");
  EXPECT_EQ(safe_relative_path("/dir/"), "dir/index.html");
  for (std::string_view bad : {"/../etc/passwd", "/%2e%2e/etc/passwd", "/a/../../b", "/.git/config",
                               "//etc/passwd", "/a%00.html", "/a%5c..%5cb", "/%zz", "/%2", "x"}) {
    EXPECT_FALSE(safe_relative_path(bad).has_value()) << bad;
  }
}

TEST(StaticFiles, ContentTypes) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("style.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
}

TEST(Rfc9110_15, Responses) {
  const std::string r = make_response(404, {{"Content-Type", "text/plain"}}, "nope", true);
  EXPECT_EQ(r, "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\n");
  auto parsed = parse_response_head(r);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->status, 404);
  EXPECT_EQ(parsed->reason, "Not Found");
  EXPECT_EQ(make_response(304, {}), "HTTP/1.1 304 Not Modified\r\n\r\n");
}

}  // namespace
}  // namespace rtc::signaling::http
