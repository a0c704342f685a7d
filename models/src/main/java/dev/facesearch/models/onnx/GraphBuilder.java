package dev.facesearch.models.onnx;

import com.google.protobuf.ByteString;
import dev.facesearch.models.onnx.proto.GraphProto;
import dev.facesearch.models.onnx.proto.ModelProto;
import dev.facesearch.models.onnx.proto.NodeProto;
import dev.facesearch.models.onnx.proto.OperatorSetIdProto;
import dev.facesearch.models.onnx.proto.StringStringEntryProto;
import dev.facesearch.models.onnx.proto.TensorProto;
import dev.facesearch.models.onnx.proto.TensorShapeProto;
import dev.facesearch.models.onnx.proto.TypeProto;
import dev.facesearch.models.onnx.proto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX model node by node: inputs, weights (initializers), operators, outputs.
 *
 * <p>Every value gets a unique name made from a hint and a counter, so graph code reads as
 * dataflow: {@code String y = g.op("Relu", List.of(x));}. Models target opset {@value #OPSET} of
 * the default domain and IR version {@value #IR_VERSION}, which ONNX Runtime 1.x reads.
 */
public final class GraphBuilder {
  public static final int OPSET = 13;
  public static final int IR_VERSION = 7;

  private final GraphProto.Builder graph;
  private final Map<String, Integer> counters = new HashMap<>();

  public GraphBuilder(String name) {
    this.graph = GraphProto.newBuilder().setName(name);
  }

  private String fresh(String hint) {
    int n = counters.merge(hint, 1, Integer::sum);
    return n == 1 ? hint : hint + "_" + n;
  }

  /**
   * Declares a float input.
   *
   * @param dims each an {@code Integer} (fixed size) or a {@code String} (a named, free size)
   */
  public String input(String name, Object... dims) {
    graph.addInput(valueInfo(name, dims));
    counters.put(name, 1);
    return name;
  }

  /** Declares a float output named {@code name}, whose value is {@code value}. */
  public void output(String value, String name, Object... dims) {
    String named = value;
    if (!value.equals(name)) {
      graph.addNode(
          NodeProto.newBuilder()
              .setOpType("Identity")
              .addInput(value)
              .addOutput(name)
              .setName(name));
      named = name;
    }
    graph.addOutput(valueInfo(named, dims));
  }

  private static ValueInfoProto valueInfo(String name, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object dim : dims) {
      switch (dim) {
        case Integer size ->
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(size));
        case String param ->
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(param));
        default ->
            throw new IllegalArgumentException("dimension must be an Integer or a String: " + dim);
      }
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  /** Adds a float tensor as a weight. */
  public String weights(String hint, FloatTensor tensor) {
    String name = fresh(hint);
    ByteBuffer bytes = ByteBuffer.allocate(tensor.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(tensor.data());
    TensorProto.Builder proto =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(bytes.array()));
    for (int d : tensor.shape()) {
      proto.addDims(d);
    }
    graph.addInitializer(proto);
    return name;
  }

  /** Adds a float constant of any shape. */
  public String floats(String hint, float[] values, int... shape) {
    return weights(hint, new FloatTensor(shape, values));
  }

  /** Adds a float scalar constant. */
  public String scalar(String hint, float value) {
    return floats(hint, new float[] {value});
  }

  /** Adds a 1-D int64 constant, such as a shape for Reshape or pads for Pad. */
  public String int64s(String hint, long... values) {
    String name = fresh(hint);
    TensorProto.Builder proto =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length);
    for (long v : values) {
      proto.addInt64Data(v);
    }
    graph.addInitializer(proto);
    return name;
  }

  /** Adds a node with one output, and returns the output's name. */
  public String op(String opType, List<String> inputs, Attribute... attributes) {
    return ops(opType, 1, inputs, attributes).getFirst();
  }

  /** Adds a node with several outputs, and returns their names. */
  public List<String> ops(
      String opType, int outputs, List<String> inputs, Attribute... attributes) {
    String nodeName = fresh(opType);
    NodeProto.Builder node =
        NodeProto.newBuilder().setOpType(opType).setName(nodeName).addAllInput(inputs);
    List<String> names = new ArrayList<>(outputs);
    for (int i = 0; i < outputs; i++) {
      String name = outputs == 1 ? nodeName + ":0" : nodeName + ":" + i;
      names.add(name);
      node.addOutput(name);
    }
    for (Attribute attribute : attributes) {
      node.addAttribute(attribute.proto());
    }
    graph.addNode(node);
    return names;
  }

  /** The finished model, with a description and metadata that ONNX tools show. */
  public ModelProto model(String description, Map<String, String> metadata) {
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName("facesearch-models")
            .setProducerVersion("1")
            .setDocString(description)
            .setGraph(graph);
    metadata.forEach((key, value) ->
        model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build();
  }
}
