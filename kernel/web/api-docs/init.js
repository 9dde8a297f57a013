// The API reference page: Swagger UI over this server's own document (GET /api/openapi.json),
// in a file of its own so that the page's Content-Security-Policy needs no inline script.
window.addEventListener("load", function () {
	window.ui = SwaggerUIBundle({
		url: "openapi.json",
		dom_id: "#api-reference",
		deepLinking: true,
		displayOperationId: true,
		validatorUrl: null,
		tryItOutEnabled: false,
	});
});
