// ByteReader / ByteWriter: bounds-checked network byte order (ARCHITECTURE.md "Conventions").
#include "rtc/common/bytes.hpp"

#include <gtest/gtest.h>

namespace rtc {
namespace {

TEST(ByteReader, ReadsBigEndianIntegers) {
  const Bytes data{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
                   0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18};
  ByteReader r(data);
  EXPECT_EQ(r.u8().value(), 0x01);
  EXPECT_EQ(r.u16().value(), 0x0203);
  EXPECT_EQ(r.u24().value(), 0x040506u);
  EXPECT_EQ(r.u32().value(), 0x0708090au);
  EXPECT_EQ(r.u48().value(), 0x0b0c0d0e0f10ull);
  EXPECT_EQ(r.u64().value(), 0x1112131415161718ull);
  EXPECT_TRUE(r.empty());
}

TEST(ByteReader, ReadPastEndFailsWithOffsetAndDoesNotAdvance) {
  const Bytes data{0xaa, 0xbb, 0xcc};
  ByteReader r(data);
  ASSERT_TRUE(r.u16());
  auto v = r.u16();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, Errc::truncated);
  EXPECT_EQ(v.error().offset, 2u);
  EXPECT_EQ(r.offset(), 2u);
  EXPECT_EQ(r.u8().value(), 0xcc);
  EXPECT_FALSE(r.bytes(1));
  EXPECT_FALSE(r.skip(1));
  EXPECT_FALSE(r.peek_u8());
}

TEST(ByteReader, BytesAreViewsIntoTheBuffer) {
  const Bytes data{1, 2, 3, 4};
  ByteReader r(data);
  ASSERT_TRUE(r.skip(1));
  auto view = r.bytes(2).value();
  EXPECT_EQ(view.data(), data.data() + 1);
  EXPECT_EQ(view.size(), 2u);
  EXPECT_EQ(r.rest().size(), 1u);
}

TEST(ByteReader, HugeLengthDoesNotOverflow) {
  const Bytes data{1, 2};
  ByteReader r(data);
  EXPECT_FALSE(r.bytes(SIZE_MAX));
  EXPECT_FALSE(r.skip(SIZE_MAX - 1));
}

TEST(ByteWriter, WritesBigEndianAndPatches) {
  ByteWriter w;
  w.u8(0x01);
  w.u16(0x0203);
  w.u24(0x040506);
  w.u32(0x0708090a);
  w.u48(0x0b0c0d0e0f10);
  w.u64(0x1112131415161718);
  w.zeros(2);
  ASSERT_TRUE(w.patch_u16(1, 0xbeef));
  EXPECT_FALSE(w.patch_u32(24, 0xdeadbeef));  // only 2 bytes after offset 24
  const Bytes expected{0x01, 0xbe, 0xef, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                       0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12,
                       0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x00, 0x00};
  EXPECT_EQ(w.take(), expected);
}

TEST(ByteWriter, PatchOutsideWrittenBytesFails) {
  ByteWriter w;
  w.u16(0);
  EXPECT_FALSE(w.patch_u16(1, 1));
  EXPECT_FALSE(w.patch_u32(0, 1));
  EXPECT_TRUE(w.patch_u16(0, 1));
}

}  // namespace
}  // namespace rtc
