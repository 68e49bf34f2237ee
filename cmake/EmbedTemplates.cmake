# Embeds template files into a C++ source as string constants, so that l2dc needs no
# data files at run time. Each file becomes an entry of l2dc::templates::find(NAME),
# NAME being its path below templates/.
function(l2dc_embed_templates output)
  set(inputs ${ARGN})
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DROOT=${PROJECT_SOURCE_DIR}/templates
            "-DINPUTS=${inputs}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedTemplatesScript.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/EmbedTemplatesScript.cmake
    COMMENT "Embedding templates"
    VERBATIM)
endfunction()
