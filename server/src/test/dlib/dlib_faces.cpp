// dlib's own face detector and 68-point shape predictor on raw RGB images: the reference that the
// server's Java ports are checked against (see README.md).
//
//   dlib_faces SHAPE_PREDICTOR.dat          reads cases on stdin, one per line:
//                                           <rgb file> <width> <height>
//     prints, per case and per upsampling (0, then 1, as dlib's Python API upsamples):
//       box <upsample> <left> <top> <right> <bottom> <confidence> <weight index>
//       shape <upsample> <box index> x0 y0 ... x67 y67   (unrounded positions)
//     and "end" after each case.
//   dlib_faces SHAPE_PREDICTOR.dat --time R  times R rounds of every case instead, printing per
//                                           case the median ms of detection at upsample 0 and 1 and
//                                           the median us per face of the shape predictor.
//
// The shape predictor's positions are dlib's unrounded ones: dlib rounds them to whole pixels in
// full_object_detection. We read the model's parts a second time with dlib's own deserializers,
// in the order its shape_predictor stores them, repeat the cascade with dlib's own functions, and
// check that rounding the result gives exactly the points dlib returns.
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

using image = dlib::array2d<dlib::rgb_pixel>;

static void read_rgb(const std::string& file, long width, long height, image& img) {
  std::ifstream in(file, std::ios::binary);
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), {});
  if ((long)bytes.size() != width * height * 3) {
    throw std::runtime_error("wrong size: " + file);
  }
  img.set_size(height, width);
  for (long r = 0; r < height; ++r)
    for (long c = 0; c < width; ++c) {
      const unsigned char* px = &bytes[(r * width + c) * 3];
      img[r][c] = dlib::rgb_pixel(px[0], px[1], px[2]);
    }
}

// What dlib's Python binding does for detector(img, upsample).
static std::vector<dlib::rect_detection> detect(dlib::frontal_face_detector& detector,
                                                const image& img, unsigned upsample) {
  std::vector<dlib::rect_detection> found;
  if (upsample == 0) {
    detector(img, found, 0.0);
    return found;
  }
  dlib::pyramid_down<2> pyr;
  image up;
  dlib::pyramid_up(img, up, pyr);
  for (unsigned i = 1; i < upsample; ++i) dlib::pyramid_up(up);
  detector(up, found, 0.0);
  for (auto& d : found) d.rect = pyr.rect_down(d.rect, upsample);
  return found;
}

// The parts of a shape_predictor, as its file holds them.
struct cascade {
  dlib::matrix<float, 0, 1> initial_shape;
  std::vector<std::vector<dlib::impl::regression_tree>> forests;
  std::vector<std::vector<unsigned long>> anchor_idx;
  std::vector<std::vector<dlib::vector<float, 2>>> deltas;

  explicit cascade(const std::string& file) {
    dlib::proxy_deserialize in = dlib::deserialize(file);
    int version;
    in >> version >> initial_shape >> forests >> anchor_idx >> deltas;
    if (version != 1) throw std::runtime_error("unknown shape predictor version");
  }
};

// The shape predictor's positions before dlib rounds them.
static std::vector<dlib::dpoint> positions(const dlib::shape_predictor& sp, const cascade& model,
                                           const image& img, const dlib::rectangle& rect) {
  dlib::matrix<float, 0, 1> shape = model.initial_shape;
  std::vector<float> pixels;
  for (unsigned long level = 0; level < model.forests.size(); ++level) {
    dlib::impl::extract_feature_pixel_values(img, rect, shape, model.initial_shape,
                                             model.anchor_idx[level], model.deltas[level], pixels);
    unsigned long leaf;
    for (const auto& tree : model.forests[level]) shape += tree(pixels, leaf);
  }
  const dlib::point_transform_affine to_image = dlib::impl::unnormalizing_tform(rect);
  std::vector<dlib::dpoint> result;
  for (unsigned long i = 0; i < shape.size() / 2; ++i) {
    result.push_back(to_image(dlib::impl::location(shape, i)));
  }
  dlib::full_object_detection official = sp(img, rect);
  for (unsigned long i = 0; i < result.size(); ++i) {
    if (dlib::point(result[i]) != official.part(i)) {
      throw std::runtime_error("unrounded positions disagree with dlib's points");
    }
  }
  return result;
}

template <typename F>
static double median_ms(int rounds, F work) {
  std::vector<double> times;
  for (int i = 0; i < rounds; ++i) {
    auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--time")) {
    std::cerr << "usage: dlib_faces SHAPE_PREDICTOR.dat [--time ROUNDS] < cases\n";
    return 2;
  }
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  dlib::shape_predictor sp;
  dlib::deserialize(argv[1]) >> sp;
  const cascade model(argv[1]);
  int rounds = argc == 4 ? std::stoi(argv[3]) : 0;
  std::string file;
  long width, height;
  while (std::cin >> file >> width >> height) {
    image img;
    read_rgb(file, width, height, img);
    if (rounds > 0) {
      std::vector<dlib::rect_detection> faces = detect(detector, img, 1);
      double up0 = median_ms(rounds, [&] { detect(detector, img, 0); });
      double up1 = median_ms(rounds, [&] { detect(detector, img, 1); });
      double shape = faces.empty() ? 0 : median_ms(rounds, [&] {
        for (const auto& f : faces) sp(img, f.rect);
      }) * 1000 / faces.size();
      std::printf("time %s %.3f %.3f %zu %.1f\n", file.c_str(), up0, up1, faces.size(), shape);
      continue;
    }
    for (unsigned upsample = 0; upsample <= 1; ++upsample) {
      std::vector<dlib::rect_detection> faces = detect(detector, img, upsample);
      for (const auto& f : faces) {
        std::printf("box %u %ld %ld %ld %ld %.6f %lu\n", upsample, f.rect.left(), f.rect.top(),
                    f.rect.right(), f.rect.bottom(), f.detection_confidence, f.weight_index);
      }
      for (size_t i = 0; i < faces.size(); ++i) {
        std::printf("shape %u %zu", upsample, i);
        for (const auto& p : positions(sp, model, img, faces[i].rect)) {
          std::printf(" %.4f %.4f", p.x(), p.y());
        }
        std::printf("\n");
      }
    }
    std::printf("end\n");
    std::fflush(stdout);
  }
}
