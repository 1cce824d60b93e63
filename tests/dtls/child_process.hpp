// Test helpers for real peers: a temporary directory and a child process (openssl,
// mbedtls_peer) whose output the test reads.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "rtc/common/time.hpp"

namespace rtc::dtls::test {

using namespace std::chrono_literals;

struct TempFiles {
  std::string dir;
  TempFiles() {
    char tmpl[] = "/tmp/rtc-dtls-ossl-XXXXXX";
    dir = ::mkdtemp(tmpl);
  }
  ~TempFiles() { std::system(("rm -rf '" + dir + "'").c_str()); }
  std::string path(const std::string& name) const { return dir + "/" + name; }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path(name)) << content;
    return path(name);
  }
};

// A peer program as a child process: stdin is a pipe we keep open (s_server/s_client quit on
// EOF), stdout and stderr go to a file we read back. Killed (SIGTERM) and reaped on destruction.
class ChildProcess {
 public:
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::string& out_file)
      : out_(out_file) {
    int in[2];
    if (::pipe(in) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      const int fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(in[1]);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(program.c_str()));
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execvp(program.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    stdin_ = in[1];
  }
  ~ChildProcess() {
    if (stdin_ >= 0) ::close(stdin_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  void type(const std::string& line) const {
    if (::write(stdin_, line.data(), line.size()) < 0) return;
  }
  std::string output() const {
    std::ifstream in(out_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Waits (real time) until the output contains `text`.
  bool wait_for(const std::string& text, Duration limit = 5s) const {
    const auto end = now_steady() + limit;
    while (now_steady() < end) {
      if (output().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
  // The value after "KEY" up to the end of the line.
  std::string value_after(const std::string& key) const {
    const std::string out = output();
    const auto at = out.find(key);
    if (at == std::string::npos) return {};
    const auto start = at + key.size();
    return out.substr(start, out.find('\n', start) - start);
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  std::string out_;
};

}  // namespace rtc::dtls::test
