//! The example sentences of issue 17 (news attribution, speakers across sentences, kinds, judgements).

use super::*;

fn speakers(d: &Detection) -> Vec<Option<&str>> {
    d.quotes.iter().map(|q| q.speaker.as_deref()).collect()
}

#[test]
fn participle_attributes_to_the_subject() {
    let d = detect("The mayor rejected the plan, declaring that the budget is “not negotiable”.");
    assert_eq!(speakers(&d), [Some("The mayor")]);
}

#[test]
fn speaker_after_a_split_quote() {
    let d = detect("“That is not acceptable,” one diplomat said. ");
    assert_eq!(speakers(&d), [Some("one diplomat")]);
    assert!(d.unnamed_source, "one diplomat is an unnamed source");
    let d = detect("“We will not pay,” she said, “and we will not apologise either.”");
    assert_eq!(d.quotes.len(), 2);
    assert_eq!(d.quotes[1].speaker_mention.as_deref(), Some("she"));
}

#[test]
fn pronoun_resolves_to_the_person_named_before() {
    let mut ctx = SpeakerContext::default();
    let _ = detect_in_context("Maria Lopez opened the clinic in May.", &mut ctx);
    let d = detect_in_context("“It serves 4,000 patients a year,” she stressed.", &mut ctx);
    assert_eq!(speakers(&d), [Some("Maria Lopez")]);
    assert_eq!(d.quotes[0].speaker_sentence, Some(0));
    assert_eq!(d.quotes[0].speaker_mention.as_deref(), Some("she"));
}

#[test]
fn surname_and_title_resolve_to_the_full_name() {
    let mut ctx = SpeakerContext::default();
    let _ = detect_in_context("President Ana Silva signed the decree on Monday.", &mut ctx);
    let _ = detect_in_context("The decree cuts fuel subsidies by half.", &mut ctx);
    let d = detect_in_context("“There is no money left,” the president said.", &mut ctx);
    assert_eq!(speakers(&d), [Some("President Ana Silva")]);
    assert_eq!(d.quotes[0].speaker_sentence, Some(0));
    let d = detect_in_context("“We will survive this,” Silva told reporters.", &mut ctx);
    assert_eq!(speakers(&d), [Some("President Ana Silva")]);
}

#[test]
fn ambiguous_pronoun_is_unresolved_with_a_candidate() {
    let mut ctx = SpeakerContext::default();
    let _ = detect_in_context(
        "Maria Lopez met Tom Reed, the governor, on Friday.",
        &mut ctx,
    );
    let _ = detect_in_context("Tom Reed said the opposite.", &mut ctx);
    let _ = detect_in_context("Maria Lopez said the clinic opened in May.", &mut ctx);
    let d = detect_in_context("“It serves nobody at all,” he said.", &mut ctx);
    assert_eq!(d.quotes[0].speaker, None);
    assert_eq!(
        d.quotes[0].speaker_candidate.as_deref(),
        Some("Maria Lopez")
    );
}

#[test]
fn institutions_as_speakers_and_intent() {
    let d = detect("The Finance Ministry acknowledged that revenue fell short of its forecast.");
    assert_eq!(d.source.as_deref(), Some("Finance Ministry"));
    assert!(d.kinds.contains(&Kind::Attribution));
    let d = detect("His cabinet did, however, signal a readiness to reopen talks with the unions.");
    assert!(d.kinds.contains(&Kind::Intent), "{:?}", d.kinds);
    let d = detect("Germany has formally turned down an offer from France to share the costs.");
    assert!(
        d.kinds.contains(&Kind::Event) && d.kinds.contains(&Kind::Attribution),
        "{:?}",
        d.kinds
    );
}

#[test]
fn news_judgement_is_opinion() {
    for s in [
        "Meanwhile, the pressure keeps building.",
        "The chancellor seems more resolved than ever.",
        "The speech was a string of familiar talking points.",
    ] {
        assert!(detect(s).opinion, "{s}");
    }
    assert!(!detect("Unemployment fell to 4.1% in 2019.").opinion);
}

#[test]
fn a_quotation_over_several_sentences_takes_the_speaker_named_at_its_end() {
    let text = "Gov. Kristi Noem defended the campaign. “Meth is a problem here. We are here to fight it every day. \
                Really,” Noem tweeted Monday night.";
    let a = crate::analyze(text);
    let speakers: Vec<Option<&str>> = a
        .iter()
        .flat_map(|s| s.detection.quotes.iter().map(|q| q.speaker.as_deref()))
        .collect();
    assert_eq!(speakers, [Some("Gov. Kristi Noem"); 3], "{a:#?}");
    assert_eq!(
        a[2].detection.quotes[0].text,
        "We are here to fight it every day."
    );
}
