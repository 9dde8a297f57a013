//
// VendorPublicKey.h
//
// Declaration of the vendorPublicKey function (generated from the PEM file of
// the CMake option POLYTOMIC_LICENSE_PUBLIC_KEY, by default kernel/license/VendorPublicKey.pem).
//


#ifndef Polytomic_License_VendorPublicKey_INCLUDED
#define Polytomic_License_VendorPublicKey_INCLUDED


#include <string>


namespace polytomic {
namespace license {


const std::string& vendorPublicKey();
	/// The PEM text of Polytomic's P-256 public key, which verifies every
	/// deployment key; compiled in, so an operator cannot replace it.


} } // namespace polytomic::license


#endif // Polytomic_License_VendorPublicKey_INCLUDED
