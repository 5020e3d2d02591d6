#ifndef BIGBUNNY_CPCAP_SHIM_H
#define BIGBUNNY_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
