/* GStreamer's SDP library (gst-plugins-base, gst/sdp/sdp.h) timed on one SDP file, for
 * bench/scripts/sdp_compare.sh.
 *
 *   gst_sdp_bench FILE [ITERATIONS]
 *
 * parse:     gst_sdp_message_new + gst_sdp_message_parse_buffer + gst_sdp_message_free, i.e. a
 *            fresh message each time, as rtc's BM_Parse builds a fresh SessionDescription.
 * serialize: gst_sdp_message_as_text + g_free on one parsed message (rtc's BM_Serialize).
 *
 * Prints "parse_ns=<n> serialize_ns=<n>": CPU time per call (CLOCK_PROCESS_CPUTIME_ID, which
 * a loaded machine disturbs less than wall time), median of 5 batches of ITERATIONS calls.
 */
#include <gst/sdp/sdp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCHES 5

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double median(double* v) {
  qsort(v, BATCHES, sizeof *v, compare);
  return v[BATCHES / 2];
}

static void parse_once(const guint8* data, guint size) {
  GstSDPMessage* msg = NULL;
  gst_sdp_message_new(&msg);
  if (gst_sdp_message_parse_buffer(data, size, msg) != GST_SDP_OK) {
    fprintf(stderr, "gst_sdp_bench: parse failed\n");
    exit(1);
  }
  gst_sdp_message_free(msg);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE [ITERATIONS]\n", argv[0]);
    return 2;
  }
  const long iterations = argc > 2 ? atol(argv[2]) : 20000;
  gchar* text = NULL;
  gsize size = 0;
  if (!g_file_get_contents(argv[1], &text, &size, NULL)) {
    fprintf(stderr, "gst_sdp_bench: cannot read %s\n", argv[1]);
    return 1;
  }

  double parse[BATCHES], serialize[BATCHES];
  for (long i = 0; i < iterations / 10; ++i) parse_once((const guint8*)text, (guint)size);
  for (int b = 0; b < BATCHES; ++b) {
    const double start = now_ns();
    for (long i = 0; i < iterations; ++i) parse_once((const guint8*)text, (guint)size);
    parse[b] = (now_ns() - start) / (double)iterations;
  }

  GstSDPMessage* msg = NULL;
  gst_sdp_message_new(&msg);
  gst_sdp_message_parse_buffer((const guint8*)text, (guint)size, msg);
  size_t out_size = 0;
  for (int b = 0; b < BATCHES; ++b) {
    const double start = now_ns();
    for (long i = 0; i < iterations; ++i) {
      gchar* out = gst_sdp_message_as_text(msg);
      out_size = strlen(out);
      g_free(out);
    }
    serialize[b] = (now_ns() - start) / (double)iterations;
  }
  gst_sdp_message_free(msg);
  g_free(text);

  printf("parse_ns=%.0f serialize_ns=%.0f serialized_bytes=%zu\n", median(parse),
         median(serialize), out_size);
  return 0;
}
