//! Which of this laptop's addresses a phone in the room can reach (issue 25 §3): private addresses
//! of real LAN adapters only. Loopback is served (for the laptop itself) but never offered;
//! point-to-point links, VPN tunnels and the switches of virtual machines and containers are
//! neither served nor offered, so the QR code on the wall is never an address no phone can reach.
//!
//! `reachable_addresses` lists them; `virtual_adapter` and `room_adapter` judge an adapter by its
//! name, and Linux's point-to-point flag marks tunnels.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use serde::Serialize;

/// One address a phone in the room may reach, with the adapter it is on (shown to the
/// facilitator when there are several to choose from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adapter {
    pub name: String,
    pub ip: IpAddr,
}

/// The `Host` header value that names this address.
pub(crate) fn host_of(a: &SocketAddr) -> String {
    match a.ip() {
        IpAddr::V4(ip) => format!("{ip}:{}", a.port()),
        IpAddr::V6(ip) => format!("[{ip}]:{}", a.port()),
    }
}

/// Loopback and the private ranges a room's network or a laptop hotspot uses; never a public one.
pub fn serves(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local(),
        IpAddr::V6(v6) => {
            // Unique-local (fc00::/7). Link-local IPv6 needs a zone in the URL, which phones'
            // browsers do not accept, so it is left out.
            v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00
        }
    }
}

/// This machine's private addresses on adapters a phone in the room could reach, IPv4 first: the
/// addresses the projector may offer. Empty when the laptop is on no such network (then the app
/// says phones cannot reach it, rather than show a QR code for `127.0.0.1`).
pub fn reachable_addresses() -> Vec<Adapter> {
    let mut out: Vec<Adapter> = Vec::new();
    if let Ok(found) = if_addrs::get_if_addrs() {
        for i in found {
            let ip = i.ip();
            if serves(ip)
                && !ip.is_loopback()
                && !out.iter().any(|a| a.ip == ip)
                && room_adapter(&i.name)
            {
                out.push(Adapter { name: i.name, ip });
            }
        }
    }
    out.sort_by_key(|a| a.ip.is_ipv6());
    out
}

/// The addresses the server listens on: loopback (for the laptop itself), then the reachable ones.
pub(crate) fn local_addresses() -> Vec<IpAddr> {
    let mut ips: Vec<IpAddr> = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
    ips.extend(reachable_addresses().into_iter().map(|a| a.ip));
    ips
}

/// Whether an adapter may be the room's network: not virtual by name, and not a point-to-point
/// link unless its name says it is an Ethernet or Wi-Fi adapter (test namespaces build real LANs
/// from veth pairs named `eth1`, and those stay, whatever the link type).
pub fn room_adapter(name: &str) -> bool {
    if virtual_adapter(name) {
        return false;
    }
    lan_name(name) || !point_to_point(name)
}

/// Names Linux, macOS and BSD give Ethernet and Wi-Fi adapters.
fn lan_name(name: &str) -> bool {
    ["eth", "en", "wl", "wlan"]
        .iter()
        .any(|p| name.to_lowercase().starts_with(p))
}

/// A point-to-point link (a VPN or a modem), by the kernel's flags on Linux; elsewhere the name
/// tells (`utun`, `ppp`, `tun`).
fn point_to_point(name: &str) -> bool {
    const IFF_POINTOPOINT: u32 = 0x10;
    if name.contains('/') || name.contains("..") {
        return false;
    }
    std::fs::read_to_string(format!("/sys/class/net/{name}/flags"))
        .ok()
        .and_then(|f| u32::from_str_radix(f.trim().trim_start_matches("0x"), 16).ok())
        .is_some_and(|flags| flags & IFF_POINTOPOINT != 0)
}

/// Whether an adapter, by its name, is one that no phone in the room can reach: a virtual
/// machine's or container's switch (Hyper-V's and WSL's "vEthernet", VirtualBox, VMware, Docker,
/// libvirt, LXC, veth), a VPN tunnel or modem link, or Npcap's loopback. Its address would
/// otherwise be offered, and may even come first, on the projector: the join address must be the
/// Wi-Fi's or the hotspot's. Windows names adapters by their friendly name (which for these
/// carries the product's name by default), Linux and macOS by the device's.
pub fn virtual_adapter(name: &str) -> bool {
    const ANYWHERE: &[&str] = &[
        "vethernet",
        "hyper-v",
        "virtualbox",
        "vmware",
        "npcap",
        "docker",
        "vpn",
        "tap-windows",
        "tap-",
        "wintun",
        "wireguard",
        "tailscale",
        "zerotier",
        "openvpn",
        "anyconnect",
        "globalprotect",
        "pangp",
        "fortinet",
        "forticlient",
        "zscaler",
        "juniper",
        "cisco",
    ];
    const PREFIXES: &[&str] = &[
        "vboxnet",
        "vmnet",
        "virbr",
        "br-",
        "veth",
        "lxc",
        "lxd",
        "podman",
        "cni",
        "flannel",
        "tun",
        "tap",
        "utun",
        "wg",
        "zt",
        "ppp",
        "ipsec",
        "docker",
        "tailscale",
    ];
    let name = name.to_lowercase();
    ANYWHERE.iter().any(|w| name.contains(w)) || PREFIXES.iter().any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adapters_no_phone_can_reach_are_never_offered_and_the_rooms_are() {
        for unreachable in [
            // Windows, by the friendly names these products give their adapters.
            "vEthernet (Default Switch)",
            "vEthernet (WSL)",
            "Hyper-V Virtual Ethernet Adapter",
            "VirtualBox Host-Only Network",
            "VMware Network Adapter VMnet8",
            "Npcap Loopback Adapter",
            "NordLynx VPN",
            "TAP-Windows Adapter V9",
            "OpenVPN TAP-Windows6",
            "WireGuard Tunnel",
            "Tailscale",
            // Linux and macOS, by the names the issue lists.
            "docker0",
            "docker_gwbridge",
            "br-3f2a9c",
            "virbr0",
            "veth1a2b3c",
            "vmnet1",
            "vboxnet0",
            "tun0",
            "tap0",
            "wg0",
            "utun3",
            "ppp0",
            "tailscale0",
            "zt5u4y6b3c",
        ] {
            assert!(
                virtual_adapter(unreachable) && !room_adapter(unreachable),
                "{unreachable} is not the room's network"
            );
        }
        for room in [
            "Wi-Fi",
            "Ethernet",
            "Local Area Connection* 10", // Windows' Mobile Hotspot
            "wlan0",
            "wlp2s0",
            "enp0s31f6",
            "eth0",
            "eth1", // one end of a test namespace's veth pair, renamed
            "en0",
            "bridge100", // macOS Internet Sharing, a hotspot phones join
            "br0",
        ] {
            assert!(
                !virtual_adapter(room) && room_adapter(room),
                "{room} may be the room's network"
            );
        }
    }

    #[test]
    fn only_private_and_loopback_addresses_are_served() {
        for ok in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.20",
            "169.254.3.4",
            "fd00::1",
        ] {
            assert!(serves(ok.parse().unwrap()), "{ok} is the room's own");
        }
        for public in ["8.8.8.8", "172.32.0.1", "2001:db8::1", "fe80::1"] {
            assert!(!serves(public.parse().unwrap()), "{public} is never served");
        }
    }

    #[test]
    fn the_addresses_offered_are_never_loopback_nor_a_virtual_adapters() {
        for a in reachable_addresses() {
            assert!(
                !a.ip.is_loopback() && serves(a.ip) && room_adapter(&a.name),
                "{a:?}"
            );
        }
    }
}
