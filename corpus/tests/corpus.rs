//! Every corpus service either generates bindings that compile (they are modules of this
//! crate) or fails with the expected, located error; and generated bindings for services
//! other than PaymentService encode and decode real messages.

use soap_runtime::{self as runtime, Limits};
use wsdl_corpus::*;

#[test]
fn every_service_compiles_or_fails_with_a_located_reason() {
    let mut problems = Vec::new();
    for o in OUTCOMES {
        if o.expected == "ok" {
            if !o.generated {
                problems.push(format!(
                    "{}: expected to generate, failed with: {}",
                    o.service, o.detail
                ));
            }
            continue;
        }
        if o.generated {
            problems.push(format!(
                "{}: expected failure \"{}\" but it generated",
                o.service, o.expected
            ));
            continue;
        }
        if !o.detail.contains(o.expected) {
            problems.push(format!(
                "{}: expected an error containing \"{}\", got: {}",
                o.service, o.expected, o.detail
            ));
        }
        // `file:line:column: message`
        let located = o.detail.split(": ").next().is_some_and(|loc| {
            let parts: Vec<&str> = loc.rsplitn(3, ':').collect();
            parts.len() == 3 && parts[0].parse::<u32>().is_ok() && parts[1].parse::<u32>().is_ok()
        });
        if !located {
            problems.push(format!("{}: error is not located: {}", o.service, o.detail));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let ok = OUTCOMES.iter().filter(|o| o.generated).count();
    assert!(ok >= 17, "only {ok} services generated");
}

#[test]
fn every_service_that_generates_has_its_server_items() {
    wsdl_corpus::assert_server_items(OUTCOMES, SERVERS);
    for s in SERVERS {
        assert!(!s.operations.is_empty(), "{}", s.service);
    }
    let version = |name: &str| {
        SERVERS
            .iter()
            .find(|s| s.service == name)
            .map(|s| s.soap_version)
    };
    assert_eq!(version("ledger"), Some(runtime::SoapVersion::Soap11));
    assert_eq!(version("ledger12"), Some(runtime::SoapVersion::Soap12));
    assert_eq!(version("features"), Some(runtime::SoapVersion::Soap12));
}

#[test]
fn eu_vies_request_round_trips() {
    let req = eu_vies::CheckVat::builder()
        .country_code("SE")
        .vat_number("556012345601")
        .build()
        .unwrap();
    let xml = runtime::encode_request::<eu_vies::operations::CheckVat>(&Default::default(), &req);
    assert!(
        xml.contains("<ns0:countryCode>SE</ns0:countryCode>"),
        "{xml}"
    );
    let back =
        runtime::decode_request::<eu_vies::operations::CheckVat>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.request, req);
}

#[test]
fn complex_headers_are_typed() {
    // Interhome's ServiceAuthHeader is a complex type carried in a SOAP header.
    let h = interhome::SoapHeaders::default();
    assert!(h.service_auth_header.is_none());
    let with_header = interhome::operations::ALL
        .iter()
        .filter(|o| o.headers.iter().any(|h| h.name == "ServiceAuthHeader"))
        .count();
    assert!(
        with_header >= 15,
        "{with_header} operations carry the header"
    );
}

fn odigeo_search() -> odigeo::Search {
    let loc = |code: &str| {
        odigeo::ItineraryLocationRequest::builder()
            .iata_code(code)
            .geo_node_id(7)
            .build()
            .unwrap()
    };
    odigeo::Search::builder()
        .preferences(
            odigeo::PreferencesRequest::builder()
                .locale("sv_SE")
                .user_agent("agent \"quoted\" & <b>")
                .domain_code("SE")
                .real_user_ip("127.0.0.1")
                .build()
                .unwrap(),
        )
        .search_request(
            odigeo::SearchRequest::builder()
                .itinerary_search_request(
                    odigeo::ItinerarySearchRequest::builder()
                        .set_segment_requests(vec![odigeo::ItinerarySegmentRequest::builder()
                            .departure(loc("ARN"))
                            .destination(loc("BCN"))
                            .date(runtime::XsDate::parse("2027-01-02").unwrap())
                            .build()
                            .unwrap()])
                        .cabin_class(odigeo::CabinClass::Tourist)
                        .num_adults(2)
                        .num_children(0)
                        .num_infants(0)
                        .direct_flights_only(true)
                        .build()
                        .unwrap(),
                )
                .max_size(10)
                .build()
                .unwrap(),
        )
        .metasearch_engine_code("X")
        .build()
        .unwrap()
}

#[test]
fn attributes_are_written_escaped_and_read_back() {
    let req = odigeo_search();
    let xml = runtime::encode_request::<odigeo::operations::Search>(&Default::default(), &req);
    assert!(xml.contains(r#"locale="sv_SE""#), "{xml}");
    assert!(
        xml.contains(r#"userAgent="agent &quot;quoted&quot; &amp; &lt;b&gt;""#),
        "{xml}"
    );
    let back =
        runtime::decode_request::<odigeo::operations::Search>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.request, req);
    // A required attribute that is missing is a typed, located error.
    let broken = xml.replacen(r#" locale="sv_SE""#, "", 1);
    let e = runtime::decode_request::<odigeo::operations::Search>(&broken, &Limits::default())
        .err()
        .unwrap();
    assert!(e.to_string().contains("@locale"), "{e}");
}

#[test]
fn choice_and_any_type_round_trip() {
    use telkom_order::*;
    let request = RequestType::builder()
        .customer_account_id("C1")
        .service_required_start_date(runtime::XsDateTime::parse("2027-01-02T03:04:05").unwrap())
        .service_required_end_date(runtime::XsDateTime::parse("2027-02-02T03:04:05Z").unwrap())
        .include_cancelled_and_completed(false)
        .expansion(runtime::AnyContent(
            "<x:Free xmlns:x=\"urn:x\">anything</x:Free>".into(),
        ))
        .build()
        .unwrap();
    let req = OrdersByParametersQuery::builder()
        .orders_by_parameters_query(
            OrdersByParametersQueryOrdersByParametersQuery::builder()
                .choice(OrdersByParametersQueryOrdersByParametersQueryChoice::Request(request))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let xml =
        runtime::encode_request::<operations::OrdersByParametersQuery>(&Default::default(), &req);
    let back =
        runtime::decode_request::<operations::OrdersByParametersQuery>(&xml, &Limits::default())
            .unwrap();
    assert_eq!(back.request, req);
}

#[test]
fn soap12_substitution_groups_recursion_and_name_clashes() {
    use features::*;
    let node = |name: &str| {
        Node::builder()
            .name(name)
            .set_children(vec![])
            .build()
            .unwrap()
    };
    let req = Draw::builder()
        .set_choice(vec![
            DrawChoice::Circle(
                CircleType::builder()
                    .label("c")
                    .radius(runtime::Decimal::new(15, 1))
                    .build()
                    .unwrap(),
            ),
            DrawChoice::Square(
                SquareType::builder()
                    .side(runtime::Decimal::new(2, 0))
                    .build()
                    .unwrap(),
            ),
            DrawChoice::Circle(
                CircleType::builder()
                    .radius(runtime::Decimal::new(3, 0))
                    .build()
                    .unwrap(),
            ),
        ])
        .tree(
            Node::builder()
                .name("root")
                .next(node("second"))
                .set_children(vec![node("a"), node("b")])
                .build()
                .unwrap(),
        )
        .weird(
            String2::builder()
                .type_("t")
                .self_(1)
                .self__(2)
                .type__("attr")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let xml = runtime::encode_request::<operations::Draw>(&Default::default(), &req);
    assert!(
        xml.starts_with(
            "<soapenv:Envelope xmlns:soapenv=\"http://www.w3.org/2003/05/soap-envelope\""
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<ns0:Circle>") && xml.contains("<ns0:Square>"),
        "members of the substitution group are written by their own names: {xml}"
    );
    let back = runtime::decode_request::<operations::Draw>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.request, req);
    // The same body in a SOAP 1.1 envelope is refused for this SOAP 1.2 service.
    let v11 = xml.replace(
        "http://www.w3.org/2003/05/soap-envelope",
        "http://schemas.xmlsoap.org/soap/envelope/",
    );
    let e = runtime::decode_request::<operations::Draw>(&v11, &Limits::default())
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("found a SOAP 1.1 Envelope, but this operation's binding is SOAP 1.2"),
        "{e}"
    );
    assert_eq!(
        operations::DRAW_INFO.soap_version,
        runtime::SoapVersion::Soap12
    );
}

#[test]
fn soap12_faults_are_read() {
    let xml = r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:f="urn:features">
      <env:Body><env:Fault>
        <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>f:BadShape</env:Value></env:Subcode></env:Code>
        <env:Reason><env:Text xml:lang="en">no such shape</env:Text></env:Reason>
      </env:Fault></env:Body></env:Envelope>"#;
    match runtime::decode_response::<features::operations::Draw>(xml, &Limits::default()) {
        Err(runtime::ResponseError::Fault(f)) => {
            assert_eq!(
                (f.code.as_str(), f.code_namespace.as_deref()),
                ("BadShape", Some("urn:features"))
            );
            assert_eq!(
                (f.message.as_str(), f.lang.as_deref()),
                ("no such shape", Some("en"))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn recursive_values_round_trip() {
    use recursion::*;
    let folder = |name: &str, children: Vec<EchoFolder>| {
        EchoFolder::builder()
            .name(name)
            .set_folder(children)
            .build()
            .unwrap()
    };
    let leaf = |op: &str| FormulaLeft::builder().op(op).build().unwrap();
    let person = |name: &str| Person::builder().name(name).build().unwrap();
    let json_text = |t: &str| {
        Json::builder()
            .choice(JsonChoice::Text(t.into()))
            .build()
            .unwrap()
    };
    let category = |name: &str, subs: Option<Vec<Category>>| {
        Category::builder()
            .name(name)
            .set_subcategories(subs)
            .build()
            .unwrap()
    };
    let req = Echo::builder()
        .folder(
            EchoFolder::builder()
                .name("root")
                .set_folder(vec![
                    folder("a", vec![folder("a1", vec![])]),
                    folder("b", vec![]),
                ])
                .parent(
                    EchoFolderParent::builder()
                        .folder(folder("up", vec![]))
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .even(
            EchoEven::builder()
                .n(0)
                .odd(
                    EchoEvenOdd::builder()
                        .n(1)
                        .even(EchoEven::builder().n(2).build().unwrap())
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .person(
            Person::builder()
                .name("ada")
                .employer(
                    Company::builder()
                        .title("engines")
                        .owner(person("charles"))
                        .set_staff(vec![person("ada"), person("mary")])
                        .id("c1")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .formula(
            Formula::builder()
                .op("+")
                .left(
                    FormulaLeft::builder()
                        .op("*")
                        .left(leaf("1"))
                        .right(FormulaLeftRight::builder().op("2").build().unwrap())
                        .build()
                        .unwrap(),
                )
                .right(FormulaRight::builder().op("3").build().unwrap())
                .build()
                .unwrap(),
        )
        .link(
            LabelledLink::builder()
                .label("first")
                .next(LabelledLink::builder().label("second").build().unwrap())
                .build()
                .unwrap(),
        )
        .json(
            Json::builder()
                .choice(JsonChoice::List(vec![
                    json_text("x"),
                    Json::builder()
                        .choice(JsonChoice::Wrapped(Box::new(json_text("y"))))
                        .build()
                        .unwrap(),
                ]))
                .build()
                .unwrap(),
        )
        .choice(EchoChoice::BoxItem(
            BoxItemType::builder()
                .size(1)
                .set_choice(vec![BoxItemTypeChoice::BoxItem(Box::new(
                    BoxItemType::builder().size(2).build().unwrap(),
                ))])
                .build()
                .unwrap(),
        ))
        .category(category(
            "all",
            Some(vec![category("books", Some(vec![category("maps", None)]))]),
        ))
        .build()
        .unwrap();
    let xml = runtime::encode_request::<recursion::operations::Echo>(&Default::default(), &req);
    for part in [
        "<ns0:Folder><ns0:name>root</ns0:name><ns0:Folder><ns0:name>a</ns0:name><ns0:Folder><ns0:name>a1</ns0:name></ns0:Folder></ns0:Folder>",
        "<ns0:Odd><ns0:n>1</ns0:n><ns0:Even><ns0:n>2</ns0:n></ns0:Even></ns0:Odd>",
        "<ns0:list><ns0:text>x</ns0:text></ns0:list><ns0:list><ns0:wrapped><ns0:text>y</ns0:text></ns0:wrapped></ns0:list>",
        "<ns0:BoxItem><ns0:BoxItem><ns0:size>2</ns0:size></ns0:BoxItem><ns0:size>1</ns0:size></ns0:BoxItem>",
        "<ns0:subcategories><ns0:Category><ns0:name>books</ns0:name><ns0:subcategories><ns0:Category><ns0:name>maps</ns0:name>",
    ] {
        assert!(xml.contains(part), "no {part} in {xml}");
    }
    let back =
        runtime::decode_request::<recursion::operations::Echo>(&xml, &Limits::default()).unwrap();
    assert_eq!(back.request, req);
}
