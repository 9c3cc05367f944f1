//! Compiles the checked-in Spark Connect descriptor set (see `scripts/extract_descriptors.py`) with
//! tonic/prost. No `protoc` is needed: the descriptors are already parsed.

use prost::Message;

/// Messages that carry bulk data: their `Debug` is written by hand (in `lib.rs`) so that logging a
/// request never dumps megabytes of Arrow IPC or artifact bytes.
const SKIP_DEBUG: &[&str] = &[
    ".spark.connect.LocalRelation",
    ".spark.connect.ExecutePlanResponse.ArrowBatch",
    ".spark.connect.AddArtifactsRequest.ArtifactChunk",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = "descriptors/spark_connect.binpb";
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rerun-if-changed=descriptors/SPARK_VERSION");
    let mut fds = prost_types::FileDescriptorSet::decode(std::fs::read(path)?.as_slice())?;
    fds.file.extend(well_known_types());
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .skip_debug(SKIP_DEBUG.iter().copied())
        .compile_fds(fds)?;
    Ok(())
}

/// `google/protobuf/{any,timestamp}.proto`, which the Spark protos import. PySpark does not ship
/// them (they come with the protobuf runtime); prost maps them to `prost_types`, but its message
/// graph needs their descriptors.
fn well_known_types() -> Vec<prost_types::FileDescriptorProto> {
    use prost_types::field_descriptor_proto::{Label, Type};
    use prost_types::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};
    let field = |name: &str, number: i32, ty: Type| FieldDescriptorProto {
        name: Some(name.to_string()),
        number: Some(number),
        label: Some(Label::Optional as i32),
        r#type: Some(ty as i32),
        json_name: Some(name.to_string()),
        ..Default::default()
    };
    let file = |name: &str, message: &str, fields: Vec<FieldDescriptorProto>| FileDescriptorProto {
        name: Some(format!("google/protobuf/{name}.proto")),
        package: Some("google.protobuf".to_string()),
        message_type: vec![DescriptorProto {
            name: Some(message.to_string()),
            field: fields,
            ..Default::default()
        }],
        syntax: Some("proto3".to_string()),
        ..Default::default()
    };
    vec![
        file(
            "any",
            "Any",
            vec![
                field("type_url", 1, Type::String),
                field("value", 2, Type::Bytes),
            ],
        ),
        file(
            "timestamp",
            "Timestamp",
            vec![
                field("seconds", 1, Type::Int64),
                field("nanos", 2, Type::Int32),
            ],
        ),
    ]
}
