//! Where a page sits: the hall's channels and the breadcrumb trail.

use super::use_prefs;
use crate::i18n::Msg;
use leptos::prelude::*;

/// The five channels (栏目) of the hall, in the real hall's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// 政务公开
    Disclosure,
    /// 投资审批
    Investment,
    /// 网上办事
    Services,
    /// 政民互动
    Interaction,
    /// 效能监察
    Supervision,
}

impl Channel {
    /// Every channel, in display order.
    pub const ALL: [Channel; 5] = [
        Channel::Disclosure,
        Channel::Investment,
        Channel::Services,
        Channel::Interaction,
        Channel::Supervision,
    ];

    /// The channel's path.
    pub fn path(self) -> &'static str {
        match self {
            Channel::Disclosure => "/disclosure",
            Channel::Investment => "/investment",
            Channel::Services => "/services",
            Channel::Interaction => "/interaction",
            Channel::Supervision => "/supervision",
        }
    }

    /// The channel's title.
    pub fn title(self) -> Msg {
        match self {
            Channel::Disclosure => Msg::ChannelDisclosure,
            Channel::Investment => Msg::ChannelInvestment,
            Channel::Services => Msg::ChannelServices,
            Channel::Interaction => Msg::ChannelInteraction,
            Channel::Supervision => Msg::ChannelSupervision,
        }
    }

    /// What the channel is for.
    pub fn about(self) -> Msg {
        match self {
            Channel::Disclosure => Msg::ChannelDisclosureAbout,
            Channel::Investment => Msg::ChannelInvestmentAbout,
            Channel::Services => Msg::ChannelServicesAbout,
            Channel::Interaction => Msg::ChannelInteractionAbout,
            Channel::Supervision => Msg::ChannelSupervisionAbout,
        }
    }

    /// How far the channel is built (issue 17: a channel not built yet is
    /// not shown as if it were).
    pub fn state(self) -> ChannelState {
        match self {
            Channel::Services
            | Channel::Supervision
            | Channel::Investment
            | Channel::Interaction => ChannelState::Open,
            Channel::Disclosure => ChannelState::Partly,
        }
    }

    /// The channel at this path, if any.
    pub fn from_path(path: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|c| c.path() == path.trim_end_matches('/'))
    }
}

/// How far a channel is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelState {
    /// Working.
    Open,
    /// Some of its parts work; its page lists them and says the rest is coming.
    Partly,
    /// Nothing works yet (即将开放): its page says so and leads back.
    Later,
}

impl ChannelState {
    /// The words shown beside the channel's name, if any.
    pub fn tag(self) -> Option<Msg> {
        match self {
            ChannelState::Open => None,
            ChannelState::Partly => Some(Msg::ChannelPartly),
            ChannelState::Later => Some(Msg::ChannelLater),
        }
    }
}

/// The trail from the home page to this one; the last entry is the page.
#[component]
pub fn Breadcrumbs(trail: Vec<(String, String)>) -> impl IntoView {
    let lang = use_prefs().lang;
    let last = trail.len().saturating_sub(1);
    view! {
        <nav class="breadcrumb" aria-label=lang.t(Msg::Breadcrumb)>
            <ol>
                <li>
                    <a href="/">{lang.t(Msg::Home)}</a>
                </li>
                {trail
                    .into_iter()
                    .enumerate()
                    .map(|(i, (href, label))| {
                        view! {
                            <li>
                                <a href=href aria-current=(i == last).then_some("page")>
                                    {label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_channels_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_path(c.path()), Some(c));
        }
        assert_eq!(Channel::from_path("/services/"), Some(Channel::Services));
        assert_eq!(Channel::from_path("/nope"), None);
    }
}
