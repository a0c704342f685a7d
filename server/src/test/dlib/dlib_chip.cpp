// Reads cases from stdin, one per line: <rgb file> <width> <height> <size> <padding> then 136
// integers (x0 y0 ... x67 y67); writes <rgb file>.chip (size*size*3 bytes, RGB) and prints the
// chip details.
#include <dlib/image_transforms.h>
#include <dlib/image_processing/full_object_detection.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

int main() {
  std::string file;
  long width, height;
  unsigned long size;
  double padding;
  while (std::cin >> file >> width >> height >> size >> padding) {
    std::vector<dlib::point> parts(68);
    for (auto& p : parts) {
      long x, y;
      std::cin >> x >> y;
      p = dlib::point(x, y);
    }
    std::ifstream in(file, std::ios::binary);
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), {});
    dlib::array2d<dlib::rgb_pixel> img(height, width);
    for (long r = 0; r < height; ++r)
      for (long c = 0; c < width; ++c) {
        const unsigned char* px = &bytes[(r * width + c) * 3];
        img[r][c] = dlib::rgb_pixel(px[0], px[1], px[2]);
      }
    dlib::full_object_detection shape(dlib::rectangle(0, 0, width - 1, height - 1), parts);
    dlib::chip_details details = dlib::get_face_chip_details(shape, size, padding);
    dlib::matrix<dlib::rgb_pixel> chip;
    dlib::extract_image_chip(img, details, chip);
    std::ofstream out(file + ".chip", std::ios::binary);
    for (long r = 0; r < chip.nr(); ++r)
      for (long c = 0; c < chip.nc(); ++c) {
        out.put(chip(r, c).red).put(chip(r, c).green).put(chip(r, c).blue);
      }
    std::cout.precision(17);
    std::cout << file << " rect " << details.rect.left() << " " << details.rect.top() << " "
              << details.rect.right() << " " << details.rect.bottom() << " angle " << details.angle
              << " rows " << details.rows << " cols " << details.cols << "\n";
  }
}
