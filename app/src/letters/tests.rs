//! The letters machine: every transition, who may act, deadlines across
//! the National Day holiday on the real calendar, the one extension,
//! reopen once, return within one working day, duplicates.

use super::*;
use crate::clock::Calendar;
use time::macros::date;

fn cal() -> Calendar {
    Calendar::from_csv(include_str!("../../../server/seed/calendar.csv")).unwrap()
}

fn letter(state: State) -> Letter {
    Letter {
        state,
        kind: Kind::Complaint,
        limit_days: 13,
        department_id: None,
        dispatched_on: None,
        due_on: None,
        extended: false,
        extension_asked: false,
        extension_pending: None,
        replied_on: None,
        reopened: false,
    }
}

fn seen(l: Letter) -> Seen {
    Seen {
        letter: l,
        actor: 99,
    }
}

const CENTRE: &[Role] = &[Role::Centre];
const DEPT: &[Role] = &[Role::Department];
const WRITER: &[Role] = &[Role::Writer];
const CO: &[Role] = &[Role::Cohandler];

fn run(
    l: Letter,
    today: Date,
    roles: &[Role],
    a: Action,
) -> Result<Transition<State, Effect>, Problem> {
    let cal = cal();
    step(&seen(l), OnDay { cal: &cal, today }, roles, &a)
}

fn to(l: Letter, today: Date, roles: &[Role], a: Action) -> State {
    run(l, today, roles, a).unwrap().to
}

const WED: Date = date!(2026 - 09 - 30);

fn dispatched(on: Date) -> Letter {
    Letter {
        department_id: Some(7),
        dispatched_on: Some(on),
        due_on: Some(date!(2026 - 10 - 23)),
        ..letter(State::Dispatched)
    }
}

fn handling() -> Letter {
    Letter {
        state: State::Handling,
        ..dispatched(WED)
    }
}

fn replied(on: Date) -> Letter {
    Letter {
        state: State::Replied,
        replied_on: Some(on),
        ..dispatched(WED)
    }
}

#[test]
fn the_centre_accepts_declines_or_merges_a_new_letter() {
    let t = run(letter(State::Submitted), WED, CENTRE, Action::Accept).unwrap();
    assert_eq!((t.from, t.to), (State::Submitted, State::Accepted));
    assert_eq!(t.effect.tell, Some(Tell::Accepted));
    let t = run(
        letter(State::Submitted),
        WED,
        CENTRE,
        Action::Decline {
            reason: "属于司法程序".into(),
        },
    )
    .unwrap();
    assert_eq!(t.to, State::NotResponsible);
    assert!(t.effect.closed);
    assert_eq!(t.effect.note.as_deref(), Some("属于司法程序"));
    let t = run(
        letter(State::Accepted),
        WED,
        CENTRE,
        Action::Merge {
            into: " XJ20260930000001 ".into(),
        },
    )
    .unwrap();
    assert_eq!(t.to, State::Merged);
    assert_eq!(t.effect.merged_into.as_deref(), Some("XJ20260930000001"));
    assert_eq!(t.effect.tell, Some(Tell::Merged));
}

#[test]
fn a_decline_needs_its_reason_and_a_merge_its_target() {
    assert!(matches!(
        run(
            letter(State::Submitted),
            WED,
            CENTRE,
            Action::Decline {
                reason: "  ".into()
            }
        ),
        Err(Problem::Note { .. })
    ));
    assert_eq!(
        run(
            letter(State::Submitted),
            WED,
            CENTRE,
            Action::Merge { into: " ".into() }
        ),
        Err(Problem::MergeTarget)
    );
}

#[test]
fn only_the_centre_accepts() {
    for roles in [WRITER, DEPT, CO] {
        assert_eq!(
            run(letter(State::Submitted), WED, roles, Action::Accept),
            Err(Problem::NotYourTurn)
        );
    }
}

#[test]
fn a_dispatch_starts_the_deadline_across_the_national_day_holiday() {
    let t = run(
        letter(State::Accepted),
        WED,
        CENTRE,
        Action::Dispatch {
            department: 7,
            cohandlers: vec![8, 8, 9],
        },
    )
    .unwrap();
    assert_eq!(t.to, State::Dispatched);
    // 13 working days from Wednesday 30 September 2026 (1–7 October off).
    assert_eq!(
        t.effect.dispatch,
        Some((7, vec![8, 9], date!(2026 - 10 - 23)))
    );
    let enquiry = Letter {
        kind: Kind::Enquiry,
        limit_days: 3,
        ..letter(State::Accepted)
    };
    let t = run(
        enquiry,
        WED,
        CENTRE,
        Action::Dispatch {
            department: 7,
            cohandlers: vec![],
        },
    )
    .unwrap();
    // 8, 9 October and the make-up Saturday 10 October.
    assert_eq!(t.effect.due_on, Some(date!(2026 - 10 - 10)));
}

#[test]
fn the_lead_is_not_its_own_cohandler_and_cohandlers_are_few() {
    assert_eq!(
        run(
            letter(State::Accepted),
            WED,
            CENTRE,
            Action::Dispatch {
                department: 7,
                cohandlers: vec![7]
            }
        ),
        Err(Problem::Cohandlers)
    );
    assert_eq!(
        run(
            letter(State::Accepted),
            WED,
            CENTRE,
            Action::Dispatch {
                department: 7,
                cohandlers: (10..20).collect()
            }
        ),
        Err(Problem::Cohandlers)
    );
}

#[test]
fn a_dispatch_needs_an_accepted_letter() {
    for s in [
        State::Submitted,
        State::Dispatched,
        State::Handling,
        State::Resolved,
    ] {
        assert_eq!(
            run(
                letter(s),
                WED,
                CENTRE,
                Action::Dispatch {
                    department: 7,
                    cohandlers: vec![]
                }
            ),
            Err(Problem::WrongState),
            "{s:?}"
        );
    }
}

#[test]
fn thanks_are_forwarded_and_others_dispatched() {
    let thanks = Letter {
        kind: Kind::Thanks,
        limit_days: 3,
        ..letter(State::Accepted)
    };
    let t = run(
        thanks.clone(),
        WED,
        CENTRE,
        Action::Forward { department: 7 },
    )
    .unwrap();
    assert_eq!(t.to, State::Resolved);
    assert_eq!(t.effect.forward_to, Some(7));
    assert_eq!(
        run(
            thanks,
            WED,
            CENTRE,
            Action::Dispatch {
                department: 7,
                cohandlers: vec![]
            }
        ),
        Err(Problem::ThanksAreForwarded)
    );
    assert_eq!(
        run(
            letter(State::Accepted),
            WED,
            CENTRE,
            Action::Forward { department: 7 }
        ),
        Err(Problem::ThanksAreForwarded)
    );
}

#[test]
fn a_return_only_within_one_working_day_of_the_dispatch() {
    let ret = || Action::Return {
        reason: "不属于本部门职责".into(),
    };
    // Dispatched Wednesday 30 September: the next working day is 8 October.
    let t = run(dispatched(WED), WED, DEPT, ret()).unwrap();
    assert_eq!(t.to, State::Accepted);
    assert!(t.effect.returned);
    assert_eq!(
        to(dispatched(WED), date!(2026 - 10 - 05), DEPT, ret()),
        State::Accepted
    );
    assert_eq!(
        to(dispatched(WED), date!(2026 - 10 - 08), DEPT, ret()),
        State::Accepted
    );
    assert_eq!(
        run(dispatched(WED), date!(2026 - 10 - 09), DEPT, ret()),
        Err(Problem::ReturnWindowPassed)
    );
    assert_eq!(
        run(dispatched(WED), WED, CENTRE, ret()),
        Err(Problem::NotYourTurn)
    );
    assert_eq!(run(handling(), WED, DEPT, ret()), Err(Problem::WrongState));
}

#[test]
fn the_department_takes_and_replies_and_cohandlers_give_opinions() {
    assert_eq!(
        to(dispatched(WED), WED, DEPT, Action::Take),
        State::Handling
    );
    assert_eq!(
        run(dispatched(WED), WED, CO, Action::Take),
        Err(Problem::NotYourTurn)
    );
    let t = run(
        handling(),
        WED,
        CO,
        Action::Opinion {
            text: "同意".into(),
        },
    )
    .unwrap();
    assert_eq!((t.from, t.to), (State::Handling, State::Handling));
    assert_eq!(
        run(
            handling(),
            WED,
            CO,
            Action::Reply {
                text: "已处理".into()
            }
        ),
        Err(Problem::NotYourTurn)
    );
    let t = run(
        handling(),
        WED,
        DEPT,
        Action::Reply {
            text: "已处理完毕".into(),
        },
    )
    .unwrap();
    assert_eq!(t.to, State::Replied);
    assert!(t.effect.replied);
    assert_eq!(t.effect.tell, Some(Tell::Replied));
    assert!(matches!(
        run(handling(), WED, DEPT, Action::Reply { text: "好".into() }),
        Err(Problem::ReplyText { .. })
    ));
    assert_eq!(
        run(
            dispatched(WED),
            WED,
            DEPT,
            Action::Reply {
                text: "已处理".into()
            }
        ),
        Err(Problem::WrongState)
    );
}

#[test]
fn one_extension_asked_before_the_deadline_and_approved_by_the_centre() {
    let ask = |days| Action::RequestExtension {
        days,
        reason: "需现场核查".into(),
    };
    let t = run(handling(), date!(2026 - 10 - 20), DEPT, ask(5)).unwrap();
    assert_eq!(t.to, State::Handling);
    assert_eq!(t.effect.ask_extension, Some(5));
    // After the deadline (23 October): too late.
    assert_eq!(
        run(handling(), date!(2026 - 10 - 26), DEPT, ask(5)),
        Err(Problem::Deadline {
            deadline: DeadlineProblem::PastDeadline
        })
    );
    let asked_once = Letter {
        extension_asked: true,
        ..handling()
    };
    assert_eq!(
        run(asked_once, date!(2026 - 10 - 20), DEPT, ask(5)),
        Err(Problem::Deadline {
            deadline: DeadlineProblem::AlreadyExtended
        })
    );
    let pending = Letter {
        extension_asked: true,
        extension_pending: Some((5, 42)),
        ..handling()
    };
    assert_eq!(
        run(pending.clone(), date!(2026 - 10 - 20), DEPT, ask(5)),
        Err(Problem::ExtensionPending)
    );
    // Approved: 5 working days after 23 October is 30 October.
    let t = run(
        pending.clone(),
        date!(2026 - 10 - 21),
        CENTRE,
        Action::ApproveExtension,
    )
    .unwrap();
    assert_eq!(t.effect.due_on, Some(date!(2026 - 10 - 30)));
    assert!(t.effect.extended && t.effect.extension_answered);
    // Not by the one who asked.
    let cal = cal();
    let own = Seen {
        letter: pending.clone(),
        actor: 42,
    };
    assert_eq!(
        step(
            &own,
            OnDay {
                cal: &cal,
                today: WED
            },
            &[Role::Centre, Role::Department],
            &Action::ApproveExtension
        ),
        Err(Problem::Deadline {
            deadline: DeadlineProblem::OwnApproval
        })
    );
    assert_eq!(
        run(pending.clone(), WED, DEPT, Action::ApproveExtension),
        Err(Problem::NotYourTurn)
    );
    let t = run(
        pending,
        WED,
        CENTRE,
        Action::RefuseExtension {
            reason: "可按期办结".into(),
        },
    )
    .unwrap();
    assert!(t.effect.extension_answered && !t.effect.extended);
    assert_eq!(
        run(handling(), WED, CENTRE, Action::ApproveExtension),
        Err(Problem::NoExtensionAsked)
    );
}

#[test]
fn the_follow_up_from_the_next_working_day() {
    let fu = |satisfied| Action::FollowUp {
        satisfied,
        note: String::new(),
    };
    assert_eq!(
        run(replied(WED), WED, WRITER, fu(true)),
        Err(Problem::FollowUpTooEarly)
    );
    assert_eq!(
        run(replied(WED), date!(2026 - 10 - 06), WRITER, fu(true)),
        Err(Problem::FollowUpTooEarly)
    );
    let t = run(replied(WED), date!(2026 - 10 - 08), WRITER, fu(true)).unwrap();
    assert_eq!(t.to, State::Resolved);
    assert_eq!(t.effect.satisfied, Some(true));
    assert!(t.effect.closed);
    let t = run(replied(WED), date!(2026 - 10 - 08), CENTRE, fu(false)).unwrap();
    assert_eq!(t.to, State::Unsatisfied);
    assert!(!t.effect.closed);
    assert_eq!(
        run(replied(WED), date!(2026 - 10 - 08), DEPT, fu(true)),
        Err(Problem::NotYourTurn)
    );
}

#[test]
fn reopen_once_with_a_new_deadline_from_the_reopen_day() {
    let unsatisfied = Letter {
        state: State::Unsatisfied,
        ..replied(WED)
    };
    let reopen = || Action::Reopen {
        reason: "问题仍未解决".into(),
    };
    let t = run(unsatisfied.clone(), WED, WRITER, reopen()).unwrap();
    assert_eq!(t.to, State::Handling);
    assert!(t.effect.reopened);
    assert_eq!(t.effect.due_on, Some(date!(2026 - 10 - 23)));
    let again = Letter {
        reopened: true,
        ..unsatisfied.clone()
    };
    assert_eq!(
        run(again, WED, WRITER, reopen()),
        Err(Problem::AlreadyReopened)
    );
    assert_eq!(
        run(unsatisfied, WED, CENTRE, reopen()),
        Err(Problem::NotYourTurn)
    );
}

#[test]
fn the_centre_closes_an_unsatisfied_letter() {
    let unsatisfied = letter(State::Unsatisfied);
    let close = |resolved| Action::Close {
        resolved,
        note: "经核实已解决".into(),
    };
    assert_eq!(
        to(unsatisfied.clone(), WED, CENTRE, close(true)),
        State::Resolved
    );
    assert_eq!(
        to(unsatisfied.clone(), WED, CENTRE, close(false)),
        State::ClosedUnresolved
    );
    assert_eq!(
        run(unsatisfied, WED, WRITER, close(true)),
        Err(Problem::NotYourTurn)
    );
}

#[test]
fn nothing_happens_to_a_final_letter() {
    for s in State::ALL.into_iter().filter(|s| s.is_final()) {
        let cal = cal();
        let on = OnDay {
            cal: &cal,
            today: WED,
        };
        let all = [
            Role::Writer,
            Role::Centre,
            Role::Department,
            Role::Cohandler,
        ];
        assert!(offered(&seen(letter(s)), on, &all).is_empty(), "{s:?}");
    }
}

#[test]
fn offered_follows_the_roles_and_the_state() {
    let cal = cal();
    let on = OnDay {
        cal: &cal,
        today: WED,
    };
    assert_eq!(
        offered(&seen(letter(State::Submitted)), on, CENTRE),
        vec!["accept", "decline", "merge"]
    );
    assert_eq!(
        offered(&seen(letter(State::Accepted)), on, CENTRE),
        vec!["decline", "merge", "dispatch"]
    );
    assert_eq!(
        offered(&seen(dispatched(WED)), on, DEPT),
        vec!["return", "take"]
    );
    assert_eq!(offered(&seen(handling()), on, CO), vec!["opinion"]);
    assert_eq!(
        offered(&seen(handling()), on, DEPT),
        vec!["reply", "request_extension"]
    );
    assert!(offered(&seen(letter(State::Submitted)), on, WRITER).is_empty());
}

#[test]
fn codes_round_trip() {
    for s in State::ALL {
        assert_eq!(State::parse(s.code()), Some(s));
    }
    for k in Kind::ALL {
        assert_eq!(Kind::parse(k.code()), Some(k));
    }
    for a in Addressee::ALL {
        assert_eq!(Addressee::parse(a.code()), Some(a));
    }
    let probes = Letters::probes(&seen(letter(State::Submitted)));
    let codes: Vec<&str> = probes.iter().map(|a| a.code()).collect();
    assert_eq!(codes, Action::CODES.to_vec());
    let json = r#"{"action":"dispatch","department":3,"cohandlers":[4]}"#;
    let a: Action = serde_json::from_str(json).unwrap();
    assert_eq!(
        a,
        Action::Dispatch {
            department: 3,
            cohandlers: vec![4]
        }
    );
}

#[test]
fn default_limits() {
    let days: Vec<u32> = Kind::ALL.iter().map(|k| k.default_days()).collect();
    assert_eq!(days, vec![3, 3, 13, 13, 3]);
    assert_eq!(parse_limit(0), Err(Problem::LimitDays));
    assert_eq!(parse_limit(61), Err(Problem::LimitDays));
    assert_eq!(parse_limit(13), Ok(13));
}

#[test]
fn duplicates_are_the_same_subject_within_seven_days() {
    let today = date!(2026 - 10 - 12);
    assert!(is_duplicate(
        "小区噪音扰民！",
        today,
        "小区 噪音扰民",
        date!(2026 - 10 - 05),
        State::Handling
    ));
    assert!(is_duplicate(
        "Street Light",
        today,
        "street light.",
        today,
        State::Submitted
    ));
    assert!(!is_duplicate(
        "小区噪音扰民",
        today,
        "小区噪音扰民",
        date!(2026 - 10 - 04),
        State::Handling
    ));
    assert!(!is_duplicate(
        "小区噪音扰民",
        today,
        "路灯不亮",
        today,
        State::Handling
    ));
    assert!(!is_duplicate(
        "小区噪音扰民",
        today,
        "小区噪音扰民",
        today,
        State::Merged
    ));
    assert!(!is_duplicate(
        "！！",
        today,
        "？？",
        today,
        State::Submitted
    ));
    assert_eq!(normalise_subject(" A b，C！"), "abc");
}

#[test]
fn names_are_masked() {
    assert_eq!(mask_name("张三丰"), "张**");
    assert_eq!(mask_name("李四"), "李*");
    assert_eq!(mask_name("王"), "王*");
    assert_eq!(mask_name(""), "*");
}

#[test]
fn texts_are_bounded() {
    assert!(parse_subject(&"字".repeat(60)).is_ok());
    assert!(matches!(
        parse_subject(&"字".repeat(61)),
        Err(Problem::Subject { .. })
    ));
    assert!(matches!(
        parse_subject("a\nb"),
        Err(Problem::Subject { .. })
    ));
    assert!(parse_body(&"字".repeat(3000)).is_ok());
    assert!(matches!(
        parse_body(&"字".repeat(3001)),
        Err(Problem::Body { .. })
    ));
    assert!(matches!(parse_body(" "), Err(Problem::Body { .. })));
}

#[test]
fn problems_have_statuses_and_both_languages() {
    let p = Problem::ReturnWindowPassed;
    assert_eq!(p.status(), 409);
    assert_eq!(Problem::NotYourTurn.status(), 403);
    assert_eq!(
        Problem::Subject {
            text: TextProblem::Required
        }
        .status(),
        422
    );
    assert_ne!(p.message(Lang::Zh), p.message(Lang::En));
}

#[test]
fn letter_numbers_have_their_shape() {
    assert!(is_letter_no("XJ20260930000001"));
    assert!(!is_letter_no("XJ2026093000000"));
    assert!(!is_letter_no("XJ2026093000000x"));
    assert!(!is_letter_no("xj20260930000001"));
    assert!(!is_letter_no("XJ\u{0}026093000000"));
}
