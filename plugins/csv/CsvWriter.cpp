//
// CsvWriter.cpp
//


#include "CsvWriter.h"
#include "CsvFile.h"
#include "CsvTypes.h"
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>


namespace csv {


using namespace polytomic;


namespace
{
	std::string errorText()
	{
		return std::strerror(errno);
	}


	bool utf16Marked(const std::string& path)
	{
		char mark[2] = {0, 0};
		const int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
		const bool read = in >= 0 && ::read(in, mark, 2) == 2;
		if (in >= 0) ::close(in);
		return read && ((mark[0] == '\xFF' && mark[1] == '\xFE') || (mark[0] == '\xFE' && mark[1] == '\xFF'));
	}


	bool fileHasData(const std::string& path)
	{
		struct stat info;
		return ::stat(path.c_str(), &info) == 0 && info.st_size > 0;
	}
}


CsvWriter::CsvWriter(const CsvSettings& settings, const std::string& object, uint32_t mode):
	_settings(settings),
	_root((settings.url.empty() ? settings.folder : throw sdk::Error("a CSV connection to a URL is a source only; write to a folder"))),
	_path(_root.fileToWrite(object)),
	_mode(mode)
{
	if (_mode != POLYTOMIC_MODE_APPEND && _mode != POLYTOMIC_MODE_SNAPSHOT)
		throw sdk::Error("the CSV connector writes files in the modes append and snapshot only");
	if (_mode == POLYTOMIC_MODE_APPEND && fileHasData(_path) && _settings.encoding != Encoding::Auto && _settings.encoding != Encoding::Utf8)
		throw sdk::Error("appending writes UTF-8, and this connection reads its files in another encoding; append to a UTF-8 file, or snapshot");
}


CsvWriter::~CsvWriter()
{
	if (_fd >= 0) ::close(_fd);
	if (!_temporary.empty()) ::unlink(_temporary.c_str());
}


std::string CsvWriter::line(const std::vector<std::string>& values, const std::vector<bool>& nulls) const
{
	std::string out;
	for (std::size_t i = 0; i < values.size(); ++i)
	{
		if (i) out.push_back(_settings.delimiter);
		if (nulls[i]) continue;
		const std::string& v = values[i];
		const bool quote = v.empty() || v.find_first_of(std::string("\"\r\n") + _settings.delimiter) != std::string::npos;
		if (!quote)
		{
			out += v;
			continue;
		}
		out.push_back('"');
		for (char c: v)
		{
			if (c == '"') out.push_back('"');
			out.push_back(c);
		}
		out.push_back('"');
	}
	out += "\r\n";
	return out;
}


void CsvWriter::put(const std::string& text)
{
	std::size_t done = 0;
	while (done < text.size())
	{
		const ssize_t n = ::write(_fd, text.data() + done, text.size() - done);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0) throw sdk::Error("cannot write " + (_temporary.empty() ? _path : _temporary) + ": " + errorText());
		done += static_cast<std::size_t>(n);
	}
}


void CsvWriter::requireSameHeader(const sdk::BatchReader& batch) const
{
	const std::vector<std::string> header = CsvFile::headerOf(_path, _settings);
	std::vector<std::string> fields;
	for (const auto& f: batch.fields()) fields.push_back(f.name);
	if (header != fields)
	{
		std::string have, want;
		for (const auto& h: header) have += (have.empty() ? "" : ",") + h;
		for (const auto& f: fields) want += (want.empty() ? "" : ",") + f;
		throw sdk::Error("the file's header (" + have + ") is not the records' fields (" + want + "); append only the fields the file has, in "
			"its order, or snapshot to replace it");
	}
}


void CsvWriter::openTemporary()
{
	// Beside the file, so that the rename stays on one file system; a leading '.' keeps it out of discover.
	_temporary = _root.path() + "/." + _path.substr(_path.rfind('/') + 1) + "." + std::to_string(::getpid()) + ".tmp";
	_fd = ::open(_temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (_fd < 0) throw sdk::Error("cannot create " + _temporary + ": " + errorText());
}


void CsvWriter::start(const sdk::BatchReader& batch)
{
	_started = true;
	bool header = true;
	if (_mode == POLYTOMIC_MODE_SNAPSHOT)
	{
		openTemporary();
	}
	else
	{
		const bool existing = fileHasData(_path);
		if (existing && utf16Marked(_path))
			throw sdk::Error("appending writes UTF-8, and " + _path.substr(_path.rfind('/') + 1) + " is UTF-16; append to a UTF-8 file, or snapshot");
		if (existing) requireSameHeader(batch);
		_fd = ::open(_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0640);
		if (_fd < 0) throw sdk::Error("cannot open " + _path + " to append: " + errorText());
		header = !existing;
		if (existing)
		{
			// A last line without its line break would run into the first record.
			char last = '\n';
			const int in = ::open(_path.c_str(), O_RDONLY | O_CLOEXEC);
			if (in >= 0 && ::lseek(in, -1, SEEK_END) >= 0 && ::read(in, &last, 1) != 1) last = '\n';
			if (in >= 0) ::close(in);
			if (last != '\n') put("\r\n");
		}
	}
	if (!header) return;
	std::vector<std::string> names;
	for (const auto& f: batch.fields()) names.push_back(f.name);
	put(line(names, std::vector<bool>(names.size(), false)));
}


void CsvWriter::write(const sdk::BatchReader& batch, sdk::WriteResults& results)
{
	if (!_started) start(batch);
	std::string text;
	std::vector<std::string> values(batch.columns());
	std::vector<bool> nulls(batch.columns());
	for (int64_t row = 0; row < batch.rows(); ++row)
	{
		for (std::size_t c = 0; c < batch.columns(); ++c)
		{
			nulls[c] = batch.isNull(row, c);
			values[c] = nulls[c] ? std::string() : CsvTypes::format(batch, row, c);
		}
		text += line(values, nulls);
	}
	put(text);
	// An appended record reported ok must be on disk; a snapshot's are at close(true).
	if (_mode == POLYTOMIC_MODE_APPEND && ::fdatasync(_fd) != 0) throw sdk::Error("cannot flush " + _path + ": " + errorText());
	for (int64_t row = 0; row < batch.rows(); ++row) results.ok(row);
}


void CsvWriter::close(bool commit)
{
	if (!commit || _mode != POLYTOMIC_MODE_SNAPSHOT)
	{
		if (_fd >= 0 && ::close(_fd) != 0 && commit) throw sdk::Error("cannot close " + _path + ": " + errorText());
		_fd = -1;
		return;
	}
	if (!_started)
	{
		// No batch: an existing file keeps its header and loses its records; none is made.
		if (!fileHasData(_path)) return;
		const std::vector<std::string> header = CsvFile::headerOf(_path, _settings);
		_started = true;
		openTemporary();
		put(line(header, std::vector<bool>(header.size(), false)));
	}
	if (::fsync(_fd) != 0 || ::close(_fd) != 0) throw sdk::Error("cannot finish " + _temporary + ": " + errorText());
	_fd = -1;
	if (::rename(_temporary.c_str(), _path.c_str()) != 0) throw sdk::Error("cannot put " + _temporary + " in place of " + _path + ": " + errorText());
	_temporary.clear();
	// The rename itself is durable once the folder is.
	const int folder = ::open(_root.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (folder >= 0)
	{
		::fsync(folder);
		::close(folder);
	}
}


} // namespace csv
