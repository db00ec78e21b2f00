/// The generator settings for the CXF test WSDLs (included by build.rs): the W3C
/// WS-Addressing schema that CXF bundles and resolves through its catalog, under the locations
/// the WSDLs import it from, is the copy of it in the set (`wsdl2java_wsdl/cxf492/wsaddressing.xsd`).
fn cxf_builder(corpus: &std::path::Path) -> codegen::Builder {
    let wsa = corpus
        .join("wsdl2java_wsdl/cxf492/wsaddressing.xsd")
        .canonicalize()
        .expect("the WS-Addressing schema of the set");
    [
        "http://www.w3.org/2005/08/addressing/ws-addr.xsd",
        "/schemas/wsdl/ws-addr.xsd",
        "classpath:/schemas/wsdl/ws-addr.xsd",
    ]
    .into_iter()
    .fold(codegen::Builder::new(), |b, location| {
        b.map_location(location, &wsa)
    })
    .runtime_path("::soap_runtime")
}
