// The SDP corpus the sdp tests share: tests/sdp/corpus/{chromium,firefox,handwritten}/*.sdp,
// captured by corpus/capture.sh. It is read at test time, so that a new capture is covered
// without touching the tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace rtc::sdp::test {

// The whole file, byte for byte (CRLF stays CRLF).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every .sdp file of the corpus, sorted; none when the corpus directory is missing (the tests
// that use it check how many there are, and a parameterized suite is built from it before any
// test runs, where an exception would end the whole binary).
inline std::vector<std::filesystem::path> corpus_files() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  const fs::path root = fs::path(RTC_TEST_DATA_DIR) / "sdp" / "corpus";
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sdp") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace rtc::sdp::test
