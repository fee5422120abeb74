/* TEST ONLY, never shipped: Wine 8 has no bcryptprimitives.dll, and Rust's standard library on
 * Windows takes its random numbers from that DLL's ProcessPrng (Windows 10 and 11 have it). The
 * Wine checks (scripts/check-windows.py) put this stand-in into the test prefix's system32: it
 * answers ProcessPrng from advapi32's RtlGenRandom (exported as SystemFunction036), which Wine
 * has. Built with mingw-w64 by the check itself. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
