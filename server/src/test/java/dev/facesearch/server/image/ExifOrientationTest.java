package dev.facesearch.server.image;

import static dev.facesearch.server.image.TestImages.encode;
import static dev.facesearch.server.image.TestImages.mat8;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transpose;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** JPEG EXIF orientation: every one of the eight decodes to the same upright picture. */
class ExifOrientationTest {
  private static final int WIDTH = 48;
  private static final int HEIGHT = 32;

  /** Six 16x16 blocks of different colours in a 3x2 grid: no turn or mirror leaves it unchanged. */
  private static final int[][] BLOCKS_RGB = {
    {230, 30, 30}, {30, 200, 40}, {40, 60, 220},
    {240, 240, 60}, {30, 220, 220}, {210, 40, 210}
  };

  private final ImageDecoder decoder = new ImageDecoder(20_000_000, 40_000_000);

  /** The upright picture as OpenCV's BGR samples. */
  private static byte[] uprightBgr() {
    byte[] bgr = new byte[WIDTH * HEIGHT * 3];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int[] rgb = BLOCKS_RGB[(y / 16) * 3 + x / 16];
        for (int c = 0; c < 3; c++) {
          bgr[(y * WIDTH + x) * 3 + c] = (byte) rgb[2 - c];
        }
      }
    }
    return bgr;
  }

  /**
   * The picture as a camera with this orientation would store it: the inverse of the tag's turn.
   */
  private static Mat stored(Mat upright, int orientation) {
    Mat out = new Mat();
    switch (orientation) {
      case 1 -> upright.copyTo(out);
      case 2 -> flip(upright, out, 1);
      case 3 -> flip(upright, out, -1);
      case 4 -> flip(upright, out, 0);
      case 5 -> transpose(upright, out);
      case 6 -> rotate(upright, out, ROTATE_90_COUNTERCLOCKWISE);
      case 7 -> {
        try (Mat transposed = new Mat()) {
          transpose(upright, transposed);
          flip(transposed, out, -1);
        }
      }
      case 8 -> rotate(upright, out, ROTATE_90_CLOCKWISE);
      default -> throw new IllegalArgumentException("orientation " + orientation);
    }
    return out;
  }

  /** JPEGs of the stored picture, tagged with each orientation, alternating the EXIF byte order. */
  private static byte[] taggedJpeg(int orientation) {
    try (Mat upright = mat8(WIDTH, HEIGHT, 3, uprightBgr());
        Mat stored = stored(upright, orientation)) {
      byte[] jpeg = encode(".jpg", stored, IMWRITE_JPEG_QUALITY, 95);
      return TestImages.withExifOrientation(jpeg, orientation, orientation % 2 == 0);
    }
  }

  @Test
  void decode_eachOrientation_givesTheUprightPicture() {
    for (int orientation = 1; orientation <= 8; orientation++) {
      RgbImage image = decoder.decode(taggedJpeg(orientation));
      assertEquals(WIDTH, image.width(), "orientation " + orientation);
      assertEquals(HEIGHT, image.height(), "orientation " + orientation);
      for (int block = 0; block < BLOCKS_RGB.length; block++) {
        int x = (block % 3) * 16 + 8;
        int y = (block / 3) * 16 + 8;
        for (int c = 0; c < 3; c++) {
          int got = image.pixels()[(y * WIDTH + x) * 3 + c] & 0xFF;
          int difference = Math.abs(got - BLOCKS_RGB[block][c]);
          assertTrue(
              difference <= 8,
              "orientation " + orientation + " block " + block + " channel " + c + ": " + got);
        }
      }
    }
  }

  @Test
  void decode_eachOrientation_matchesOpenCvsOwnOrientedDecode() {
    for (int orientation = 1; orientation <= 8; orientation++) {
      byte[] jpeg = taggedJpeg(orientation);
      byte[] expected = new byte[WIDTH * HEIGHT * 3];
      try (Mat encoded = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
        encoded.data().put(jpeg);
        try (Mat oriented = imdecode(encoded, IMREAD_COLOR)) {
          assertEquals(WIDTH, oriented.cols(), "OpenCV, orientation " + orientation);
          oriented.data().get(expected);
        }
      }
      for (int i = 0; i < expected.length; i += 3) { // BGR to RGB
        byte blue = expected[i];
        expected[i] = expected[i + 2];
        expected[i + 2] = blue;
      }
      assertArrayEquals(expected, decoder.decode(jpeg).pixels(), "orientation " + orientation);
    }
  }

  @Test
  void decode_brokenOrOutOfRangeExif_keepsTheImageAsStored() {
    byte[] plain;
    try (Mat upright = mat8(WIDTH, HEIGHT, 3, uprightBgr())) {
      plain = encode(".jpg", upright, IMWRITE_JPEG_QUALITY, 95);
    }
    byte[] expected = decoder.decode(plain).pixels();
    byte[][] broken = {
      TestImages.withExifOrientation(plain, 0, true),
      TestImages.withExifOrientation(plain, 9, false),
      TestImages.withApp1(plain, new byte[] {'I', 'I', 42, 0, (byte) 0xFF, 0, 0, 0}),
      TestImages.withApp1(plain, new byte[] {'X', 'X', 0, 42, 0, 0, 0, 8, 0, 1}),
      TestImages.withApp1(
          plain, new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, (byte) 0xFF, (byte) 0xFF}),
      TestImages.withApp1(plain, new byte[0]),
    };
    for (byte[] jpeg : broken) {
      assertArrayEquals(expected, decoder.decode(jpeg).pixels());
    }
  }
}
