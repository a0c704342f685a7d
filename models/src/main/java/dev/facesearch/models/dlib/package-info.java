/**
 * Reading dlib's models at set-up time, without a C++ toolchain: the HOG frontal face detector out
 * of dlib's own header, converted for the server's pure-Java detector, and a shape predictor (the
 * 68-point face landmarks) out of its {@code .dat} file.
 *
 * <p>dlib 19.24 ships the detector inside {@code dlib/image_processing/frontal_face_detector.h}:
 * {@code get_serialized_frontal_faces()} streams C++ string literals of base64 text, decodes it
 * with {@code dlib::base64} and decompresses it with {@code compress_stream::kernel_1ea}. {@link
 * dev.facesearch.models.dlib.FrontalFaceDetectorHeader} repeats those steps (the literals through
 * {@link dev.facesearch.models.dlib.CppStringLiterals}) and checks the result against the sizes and
 * digest of dlib 19.24's detector; {@link dev.facesearch.models.dlib.DlibDecompressor} reads the
 * compressed format, which the rest of this note describes.
 *
 * <h2>The stream</h2>
 *
 * One range-coded sequence of symbols from a 257-letter alphabet: the data bytes, then symbol 256
 * (end of stream), then the four bytes of the data's CRC-32 (the zip polynomial, {@link
 * java.util.zip.CRC32}) most significant first, each coded as a symbol. Before every 20,000th
 * symbol, counting the end-of-stream symbol but not the checksum, the encoder codes a fixed marker
 * (counts [1500, 1501) of 8000) that the decoder must find. Nothing else is stored: no header, no
 * length.
 *
 * <h2>The range coder</h2>
 *
 * ({@code entropy_decoder::kernel_2a}, {@link dev.facesearch.models.dlib.RangeDecoder}.) The
 * interval is {@code [low, high]} in 32-bit fixed point, starting at {@code [1, 2^32 - 1]}; the
 * decoder starts with the first four bytes as its code window. A symbol with counts {@code [l, h)}
 * of {@code total} takes {@code r = (high - low + 1) / total}, then {@code high = low + r h - 1}
 * and {@code low = low + r l}. Renormalisation repeats: while the top bytes of {@code low} and
 * {@code high} agree, shift a byte out (and one into the code window), shifting ones into {@code
 * high} and keeping {@code low} non-zero; when they differ but {@code high - low < 2^16}, both
 * become the sum of their halves (then {@code high} + 255 and {@code low} - 255 if the gap was
 * above 4096), which settles the top byte. The encoder ends with the four bytes of {@code low}, so
 * the decoder reads exactly the bytes written: reading past the end means truncation.
 *
 * <h2>The model</h2>
 *
 * ({@code entropy_decoder_model_kernel_5}, 200,000 nodes, order 4, {@link
 * dev.facesearch.models.dlib.PpmModel}.) PPM after Moffat's implementation, with escape method D
 * and Shkarin's information inheritance. A symbol is coded in the longest known context (at most
 * four previous symbols, the current context being tracked as a tree node), escaping to shorter
 * contexts until it is found, or to the order -1 context where all 257 symbols count 1, excluded or
 * not. In a context the symbols count {@code count} each and the escape counts {@code escapes};
 * symbols already seen in a longer context this time are excluded, that is left out of the total. A
 * found symbol gains 8 (as does its context's total) and moves to the front of its context's list;
 * a total above 10,000 halves every count and the escape count, none below 1. Each context escaped
 * from gets a node for the new symbol; its first count is {@code 2 + T c / (t - c + T - 2 E)} (in
 * integers, capped at 50,000) where {@code c} and {@code t} are the symbol's count and its
 * context's total where it was found, after the increment (8 and 2056 at order -1), and {@code T}
 * and {@code E} the new context's total and escape count, which then gains 4; a context's first
 * symbol counts {@code 3 + 5c / (t - c)} and its escape count starts at 4. When the 200,000 nodes
 * run out the tree is emptied and the search starts again from the empty context; the escapes
 * already coded stay in the stream.
 *
 * <h2>The shape predictor</h2>
 *
 * {@link dev.facesearch.models.dlib.ShapePredictorConverter} reads dlib's portable serialization of
 * a {@code shape_predictor} (Kazemi and Sullivan's cascade of regression trees: an initial mean
 * shape, then per cascade a forest of full trees whose splits compare two feature pixels and whose
 * leaves are shape increments, and the feature pixels themselves as offsets from a landmark of the
 * mean shape) one value at a time through {@link dev.facesearch.models.dlib.DlibStreamInput},
 * checks it against a {@link dev.facesearch.models.dlib.ShapePredictorLayout}, and writes it as
 * flat little-endian arrays that the server reads in one go.
 *
 * <h2>The HOG detector's filters</h2>
 *
 * {@link dev.facesearch.models.dlib.HogDetectorConverter} takes the decompressed detector (what
 * {@code dlib::serialize(get_frontal_face_detector(), out)} writes): {@code SerializedHogDetector}
 * reads it through {@link dev.facesearch.models.dlib.DlibStreamInput} and checks its shape (cell
 * size 8, an 80x80 pixel window, so 10x10-cell filters of 31 fHOG planes, five filters). Then it
 * does the one computation dlib does when it loads a detector: {@code SeparableFilters} splits each
 * filter plane by {@link dev.facesearch.models.dlib.GolubReinschSvd}, the same SVD with the same
 * double arithmetic as dlib's own (built without LAPACK), into the rank-1 row and column filters
 * dlib convolves with, rounded to float as dlib rounds them. The compact file holds them bit for
 * bit as dlib holds them in memory, so the server's detector ({@code
 * dev.facesearch.server.detect.hog}) needs neither dlib's format nor an SVD.
 *
 * <p>{@code GolubReinschSvd} is public because the server's shape predictor ({@code
 * dev.facesearch.server.landmark}) needs dlib's SVD too, bit for bit, for its similarity fits and
 * its box map: one port serves both.
 */
package dev.facesearch.models.dlib;
