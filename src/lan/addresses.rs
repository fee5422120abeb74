//! Which of this laptop's addresses a phone in the room can reach (issue 25 §3): private addresses
//! of real LAN adapters only. Loopback is served (for the laptop itself) but never offered;
//! point-to-point links, VPN tunnels and the switches of virtual machines and containers are
//! neither served nor offered, so the QR code on the wall is never an address no phone can reach.
//!
//! `reachable_addresses` lists them; `virtual_adapter` and `room_adapter` judge an adapter by its
//! name, and Linux's point-to-point flag marks tunnels. On Windows an adapter's friendly name can
//! be anything ("Ethernet 3"), so its description (from `GetAdaptersAddresses`) is judged too, by
//! `virtual_description`.

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
    let described_virtual = windows::virtual_names();
    if let Ok(found) = if_addrs::get_if_addrs() {
        for i in found {
            let ip = i.ip();
            if serves(ip)
                && !ip.is_loopback()
                && !out.iter().any(|a| a.ip == ip)
                && room_adapter(&i.name)
                && !described_virtual.contains(&i.name)
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

/// Whether a Windows adapter's description names a product whose adapter no phone in the room can
/// reach: Hyper-V's virtual switch (and WSL's, "vEthernet"), VirtualBox, VMware, a TAP or Wintun
/// tunnel (OpenVPN, WireGuard, Tailscale), Npcap's or Microsoft's loopback, or another VPN client.
/// Windows' own Mobile Hotspot ("Microsoft Wi-Fi Direct Virtual Adapter") is the room's network
/// when phones have joined it, and stays.
pub fn virtual_description(description: &str) -> bool {
    const PRODUCTS: &[&str] = &[
        "hyper-v",
        "vethernet",
        "virtualbox",
        "vmware",
        "tap-windows",
        "tap-",
        "wintun",
        "wireguard",
        "tailscale",
        "zerotier",
        "npcap",
        "loopback",
        "vpn",
        "anyconnect",
        "pangp",
        "globalprotect",
        "fortinet",
        "juniper",
        "zscaler",
        "docker",
    ];
    let description = description.to_lowercase();
    PRODUCTS.iter().any(|p| description.contains(p))
}

/// Windows' adapter descriptions; elsewhere adapters are judged by name alone.
#[cfg(not(windows))]
mod windows {
    pub(super) fn virtual_names() -> Vec<String> {
        Vec::new()
    }
}

/// Windows' adapter descriptions, read with `GetAdaptersAddresses` (the call if-addrs makes, which
/// keeps only the friendly name).
#[cfg(windows)]
mod windows {
    use windows_sys::Win32::Foundation::{ERROR_BUFFER_OVERFLOW, ERROR_SUCCESS};
    use windows_sys::Win32::NetworkManagement::IpHelper::{
        GetAdaptersAddresses, GAA_FLAG_SKIP_ANYCAST, GAA_FLAG_SKIP_DNS_SERVER,
        GAA_FLAG_SKIP_MULTICAST, GAA_FLAG_SKIP_UNICAST, IP_ADAPTER_ADDRESSES_LH,
    };

    /// The friendly names of the adapters described as a virtual or VPN product's. An adapter
    /// not listed (it came up meanwhile) is judged by its name alone.
    pub(super) fn virtual_names() -> Vec<String> {
        descriptions()
            .into_iter()
            .filter(|(_, d)| super::virtual_description(d))
            .map(|(name, _)| name)
            .collect()
    }

    /// Every adapter's friendly name and description; empty if Windows will not say.
    pub(super) fn descriptions() -> Vec<(String, String)> {
        const AF_UNSPEC: u32 = 0;
        let flags = GAA_FLAG_SKIP_UNICAST
            | GAA_FLAG_SKIP_ANYCAST
            | GAA_FLAG_SKIP_MULTICAST
            | GAA_FLAG_SKIP_DNS_SERVER;
        let mut size: u32 = 16 * 1024;
        for _ in 0..4 {
            // u64 words: the buffer is aligned for the structures Windows writes into it.
            let mut buf = vec![0u64; (size as usize).div_ceil(8)];
            let first = buf.as_mut_ptr().cast::<IP_ADAPTER_ADDRESSES_LH>();
            // SAFETY: `buf` holds `size` writable bytes, suitably aligned; Windows writes at most
            // that many, or says how many it needs (ERROR_BUFFER_OVERFLOW) and writes nothing.
            let code = unsafe {
                GetAdaptersAddresses(AF_UNSPEC, flags, std::ptr::null(), first, &mut size)
            };
            match code {
                ERROR_SUCCESS => {
                    let mut out = Vec::new();
                    let mut next = first.cast_const();
                    while !next.is_null() {
                        // SAFETY: a node of the list Windows wrote into `buf`, which is alive;
                        // its pointers point into `buf` or are null.
                        let a = unsafe { &*next };
                        out.push((wide(a.FriendlyName), wide(a.Description)));
                        next = a.Next.cast_const();
                    }
                    return out;
                }
                ERROR_BUFFER_OVERFLOW => continue,
                _ => return Vec::new(),
            }
        }
        Vec::new()
    }

    /// A NUL-terminated UTF-16 string Windows wrote (at most 512 units read).
    fn wide(p: *const u16) -> String {
        if p.is_null() {
            return String::new();
        }
        // SAFETY: `p` points to a NUL-terminated string in the buffer Windows filled; reading
        // stops at the NUL.
        let len = (0..512).take_while(|&i| unsafe { *p.add(i) } != 0).count();
        // SAFETY: the `len` units before the NUL were just read.
        String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, len) })
    }
}

/// The adapters Windows describes, as the CLI's `collect addresses` prints them: every adapter's
/// friendly name and description, and whether it may be the room's network. Elsewhere, empty.
pub fn windows_adapters() -> Vec<(String, String, bool)> {
    #[cfg(windows)]
    {
        windows::descriptions()
            .into_iter()
            .map(|(name, d)| {
                let ok = room_adapter(&name) && !virtual_description(&d);
                (name, d, ok)
            })
            .collect()
    }
    #[cfg(not(windows))]
    {
        Vec::new()
    }
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
    fn windows_adapters_are_judged_by_their_description_whatever_their_name() {
        for unreachable in [
            "Hyper-V Virtual Ethernet Adapter",
            "Hyper-V Virtual Ethernet Adapter #2",
            "VirtualBox Host-Only Ethernet Adapter",
            "VMware Virtual Ethernet Adapter for VMnet8",
            "TAP-Windows Adapter V9",
            "TAP-NordVPN Windows Adapter V9",
            "WireGuard Tunnel",
            "Wintun Userspace Tunnel",
            "Tailscale Tunnel",
            "ZeroTier Virtual Port",
            "Npcap Loopback Adapter",
            "Microsoft KM-TEST Loopback Adapter",
            "Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64",
            "PANGP Virtual Ethernet Adapter Secure",
            "Fortinet Virtual Ethernet Adapter (NDIS 6.30)",
        ] {
            assert!(
                virtual_description(unreachable),
                "an adapter described as {unreachable} is not the room's network"
            );
        }
        for room in [
            "Intel(R) Wi-Fi 6 AX201 160MHz",
            "Intel(R) Ethernet Connection (13) I219-LM",
            "Realtek PCIe GbE Family Controller",
            "Realtek USB GbE Family Controller #2",
            "Qualcomm Atheros QCA61x4A Wireless Network Adapter",
            "MediaTek Wi-Fi 6 MT7921 Wireless LAN Card",
            "Killer(R) Wi-Fi 6E AX1675x 160MHz Wireless Network Adapter (211NGW)",
            // Windows' Mobile Hotspot, which phones join: a "virtual" adapter that is the room's.
            "Microsoft Wi-Fi Direct Virtual Adapter #2",
            "Microsoft Hosted Network Virtual Adapter",
            "Remote NDIS based Internet Sharing Device", // a phone's USB tethering
        ] {
            assert!(
                !virtual_description(room),
                "an adapter described as {room} may be the room's network"
            );
        }
        // Off Windows the description is never read, and nothing is left out by it.
        #[cfg(not(windows))]
        assert!(windows_adapters().is_empty() && windows::virtual_names().is_empty());
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
